package io.sparkport.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.job.JobService;
import io.sparkport.job.JobState;
import io.sparkport.pool.PoolService;
import io.sparkport.schedule.ScheduleService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Jobs in the console: a filterable, paged list, a job's page, its CSV, and the cancel and resubmit buttons. */
@Path("/jobs")
@Produces(MediaType.TEXT_HTML)
public class JobPages {

    static final int PAGE = 25;

    private final JobService jobs;
    private final JobDetails details;
    private final PoolService pools;
    private final ScheduleService schedules;

    public JobPages(JobService jobs, JobDetails details, PoolService pools, ScheduleService schedules) {
        this.jobs = jobs;
        this.details = details;
        this.pools = pools;
        this.schedules = schedules;
    }

    /** The filter form's choices and what is chosen; blank means any. */
    public record Filters(String pool, String state, String schedule, List<String> pools, List<String> states,
                          List<Option> schedules) {
    }

    public record Option(String value, String label) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Filters filters, List<JobRow> jobs, String nextHref, boolean firstPage);

        static native TemplateInstance job(JobDetail job);
    }

    @GET
    public String list(@QueryParam("pool") String pool, @QueryParam("state") String state,
                       @QueryParam("schedule") String schedule, @QueryParam("after") String after) {
        String p = blankToNull(pool);
        String st = blankToNull(state);
        String sc = blankToNull(schedule);
        List<Job> page = jobs.list(p, state(st), sc, PAGE, blankToNull(after));
        Filters filters = new Filters(p == null ? "" : p, st == null ? "" : st.toUpperCase(Locale.ROOT),
                sc == null ? "" : sc,
                pools.list().stream().map(x -> x.name).toList(),
                Arrays.stream(JobState.values()).map(Enum::name).toList(),
                schedules.list().stream().map(s -> new Option(s.id, s.name)).toList());
        String next = page.size() == PAGE
                ? ConsoleLinks.jobs(p, st, sc, page.get(page.size() - 1).id) : null;
        return Templates.list(filters, page.stream().map(JobRow::of).toList(), next, blankToNull(after) == null).render();
    }

    @GET
    @Path("{id}")
    public String job(@PathParam("id") String id) {
        return Templates.job(details.of(jobs.get(id))).render();
    }

    @GET
    @Path("{id}/result.csv")
    @Produces("text/csv")
    public Response csv(@PathParam("id") String id) {
        Job job = jobs.get(id);
        return Response.ok(details.csv(job), "text/csv")
                .header("Content-Disposition", "attachment; filename=\"" + id + ".csv\"").build();
    }

    @POST
    @Path("{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Response cancel(@PathParam("id") String id) {
        jobs.cancel(id);
        return seeOther("/jobs/" + id);
    }

    @POST
    @Path("{id}/resubmit")
    @Consumes(MediaType.WILDCARD)
    public Response resubmit(@PathParam("id") String id) {
        Job again = jobs.submit(JobDetails.again(jobs.get(id)));
        return seeOther("/jobs/" + again.id);
    }

    static Response seeOther(String path) {
        return Response.seeOther(URI.create(path)).build();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static JobState state(String state) {
        if (state == null) {
            return null;
        }
        try {
            return JobState.valueOf(state.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SparkportException.invalid("state '" + state + "' is unknown: use one of "
                    + Arrays.toString(JobState.values()));
        }
    }

    @ServerExceptionMapper
    public Response error(SparkportException e) {
        return ConsoleErrors.page(e);
    }
}
