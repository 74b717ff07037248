package io.sparkport.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.schedule.Schedule;
import io.sparkport.schedule.ScheduleRequest;
import io.sparkport.schedule.ScheduleRunner;
import io.sparkport.schedule.ScheduleService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Schedules in the console: next and latest runs, suspend and resume, run now. */
@Path("/schedules")
@Produces(MediaType.TEXT_HTML)
public class SchedulePages {

    private final ScheduleService schedules;
    private final ScheduleRunner runner;

    public SchedulePages(ScheduleService schedules, ScheduleRunner runner) {
        this.schedules = schedules;
        this.runner = runner;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ScheduleRow> schedules);
    }

    @GET
    public String list() {
        return Templates.list(schedules.list().stream()
                .map(s -> ScheduleRow.of(s, schedules.recentRuns(s.id))).toList()).render();
    }

    @POST
    @Path("{id}/suspend")
    @Consumes(MediaType.WILDCARD)
    public Response suspend(@PathParam("id") String id) {
        return setSuspended(id, true);
    }

    @POST
    @Path("{id}/resume")
    @Consumes(MediaType.WILDCARD)
    public Response resume(@PathParam("id") String id) {
        return setSuspended(id, false);
    }

    /** Starts a run now; the concurrency policy applies (Forbid answers 409 while a run is unfinished). */
    @POST
    @Path("{id}/run")
    @Consumes(MediaType.WILDCARD)
    public Response run(@PathParam("id") String id) {
        Job job = runner.runNow(id);
        return JobPages.seeOther("/jobs/" + job.id);
    }

    /** The same change as {@code PATCH /api/v1/schedules/{id}} with {@code {"suspend": ...}}. */
    private Response setSuspended(String id, boolean suspend) {
        Schedule s = schedules.get(id);
        ScheduleRequest r = schedules.request(s);
        schedules.replace(id, new ScheduleRequest(r.name(), r.cron(), r.timeZone(), r.template(), r.concurrencyPolicy(),
                suspend, r.successfulRunHistoryLimit(), r.failedRunHistoryLimit(), r.startingDeadline()));
        return JobPages.seeOther("/schedules#schedule-" + id);
    }

    @ServerExceptionMapper
    public Response error(SparkportException e) {
        return ConsoleErrors.page(e);
    }
}
