package io.sparkport.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkport.SparkportException;
import io.sparkport.auth.Access;
import io.sparkport.idempotency.IdempotentCreates;
import io.sparkport.job.Job;
import io.sparkport.schedule.Schedule;
import io.sparkport.schedule.ScheduleRequest;
import io.sparkport.schedule.ScheduleRunner;
import io.sparkport.schedule.ScheduleService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
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
    private final Access access;
    private final IdempotentCreates idempotent;

    public ScheduleResource(ScheduleService schedules, ScheduleRunner runner, ObjectMapper mapper, Access access,
                            IdempotentCreates idempotent) {
        this.schedules = schedules;
        this.runner = runner;
        this.mapper = mapper;
        this.access = access;
        this.idempotent = idempotent;
    }

    /** 201 with the schedule; with an {@code Idempotency-Key}, a repeat with the same body answers 200 with it. */
    @POST
    public Response create(ScheduleRequest request, @HeaderParam(IdempotentCreates.HEADER) String key, UriInfo uri) {
        requireTemplatePool(required(request));
        if (key == null) {
            Schedule s = schedules.create(request);
            return Response.created(uri.getAbsolutePathBuilder().path(s.id).build()).entity(view(s)).build();
        }
        IdempotentCreates.Outcome outcome = idempotent.create("schedule", access.caller().name(), key, request,
                () -> schedules.create(request).id);
        Schedule s = schedules.get(outcome.resourceId());
        return (outcome.created() ? Response.created(uri.getAbsolutePathBuilder().path(s.id).build()) : Response.ok())
                .entity(view(s)).build();
    }

    @GET
    public List<ScheduleView> list() {
        java.util.Set<String> visible = access.visiblePools();
        return schedules.list().stream()
                .filter(s -> visible == null || (s.template != null && visible.contains(s.template.pool())))
                .map(this::view).toList();
    }

    @GET
    @Path("{id}")
    public ScheduleView get(@PathParam("id") String id) {
        return view(visible(id));
    }

    /** The schedule, when the caller may use its template's pool (403 otherwise). */
    private Schedule visible(String id) {
        Schedule s = schedules.get(id);
        if (s.template != null) {
            access.requirePool(s.template.pool());
        }
        return s;
    }

    private void requireTemplatePool(ScheduleRequest request) {
        if (request.template() != null) {
            access.requirePool(request.template().pool());
        }
    }

    /** Replaces the whole spec; absent optional fields go back to their defaults. */
    @PUT
    @Path("{id}")
    public ScheduleView replace(@PathParam("id") String id, ScheduleRequest request) {
        visible(id);
        requireTemplatePool(required(request));
        return view(schedules.replace(id, request));
    }

    /** Changes only the fields given (a JSON merge patch: nested template fields merge, null removes a field). */
    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, MergePatch.MEDIA_TYPE})
    public ScheduleView patch(@PathParam("id") String id, JsonNode patch) throws JsonProcessingException {
        if (patch == null || !patch.isObject()) {
            throw SparkportException.badRequest("a JSON object is required");
        }
        JsonNode current = mapper.valueToTree(schedules.request(visible(id)));
        ScheduleRequest merged = mapper.treeToValue(MergePatch.apply(current, patch), ScheduleRequest.class);
        requireTemplatePool(merged);
        return view(schedules.replace(id, merged));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        visible(id);
        schedules.delete(id);
        return Response.noContent().build();
    }

    /** Starts a run now (also while suspended); 201 with the job, which is at {@code Location}. */
    @POST
    @Path("{id}/run")
    @Consumes(MediaType.WILDCARD)
    public Response run(@PathParam("id") String id, UriInfo uri) {
        visible(id);
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
