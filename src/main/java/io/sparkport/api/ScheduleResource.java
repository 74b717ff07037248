package io.sparkport.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.schedule.Schedule;
import io.sparkport.schedule.ScheduleRequest;
import io.sparkport.schedule.ScheduleRunner;
import io.sparkport.schedule.ScheduleService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/** Cron schedules of jobs: create, read, replace, patch, delete, and run one now. */
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScheduleResource {

    private final ScheduleService schedules;
    private final ScheduleRunner runner;
    private final ObjectMapper mapper;

    public ScheduleResource(ScheduleService schedules, ScheduleRunner runner, ObjectMapper mapper) {
        this.schedules = schedules;
        this.runner = runner;
        this.mapper = mapper;
    }

    @POST
    public Response create(ScheduleRequest request, UriInfo uri) {
        Schedule s = schedules.create(required(request));
        return Response.created(uri.getAbsolutePathBuilder().path(s.id).build()).entity(view(s)).build();
    }

    @GET
    public List<ScheduleView> list() {
        return schedules.list().stream().map(this::view).toList();
    }

    @GET
    @Path("{id}")
    public ScheduleView get(@PathParam("id") String id) {
        return view(schedules.get(id));
    }

    /** Replaces the whole spec; absent optional fields go back to their defaults. */
    @PUT
    @Path("{id}")
    public ScheduleView replace(@PathParam("id") String id, ScheduleRequest request) {
        return view(schedules.replace(id, required(request)));
    }

    /** Changes only the fields given (a JSON merge patch: nested template fields merge, null removes a field). */
    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
    public ScheduleView patch(@PathParam("id") String id, JsonNode patch) throws JsonProcessingException {
        if (patch == null || !patch.isObject()) {
            throw SparkportException.badRequest("a JSON object is required");
        }
        JsonNode current = mapper.valueToTree(schedules.request(schedules.get(id)));
        ScheduleRequest merged = mapper.treeToValue(MergePatch.apply(current, patch), ScheduleRequest.class);
        return view(schedules.replace(id, merged));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        schedules.delete(id);
        return Response.noContent().build();
    }

    /** Starts a run now (also while suspended); 201 with the job, which is at {@code Location}. */
    @POST
    @Path("{id}/run")
    @Consumes(MediaType.WILDCARD)
    public Response run(@PathParam("id") String id, UriInfo uri) {
        Job job = runner.runNow(id);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/jobs").path(job.id).build())
                .entity(JobView.of(job)).build();
    }

    private ScheduleView view(Schedule s) {
        return ScheduleView.of(s, schedules.recentRuns(s.id));
    }

    private static ScheduleRequest required(ScheduleRequest request) {
        if (request == null) {
            throw SparkportException.badRequest("a JSON body is required");
        }
        return request;
    }
}
