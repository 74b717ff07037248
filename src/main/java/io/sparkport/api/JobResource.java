package io.sparkport.api;

import io.smallrye.common.annotation.Blocking;
import io.sparkport.SparkportException;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.auth.Access;
import io.sparkport.cluster.progress.ProgressTracker;
import io.sparkport.idempotency.IdempotentCreates;
import io.sparkport.job.Job;
import io.sparkport.job.JobFiles;
import io.sparkport.job.JobRequest;
import io.sparkport.job.JobService;
import io.sparkport.job.JobState;
import io.sparkport.job.JobWaiter;
import io.sparkport.pool.PoolStorage;
import io.sparkport.sql.ResultCsv;
import io.sparkport.sql.SqlResult;
import io.sparkport.sql.SqlResults;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Jobs: submit, read, list, cancel, logs and SQL results. */
@Path("/api/v1/jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobResource {

    public static final String CSV = "text/csv";
    private static final String WAIT = "a long-poll: answer as soon as the job is SUCCEEDED, FAILED or CANCELLED, or after"
            + " this ISO-8601 duration (at most PT5M) with the job as it is then; without it, at once";

    private final JobService jobs;
    private final JobFiles files;
    private final SqlResults results;
    private final PoolStorage storage;
    private final ProgressTracker progress;
    private final ClusterBackend backend;
    private final Access access;
    private final IdempotentCreates idempotent;
    private final JobWaiter waiter;

    public JobResource(JobService jobs, JobFiles files, SqlResults results, PoolStorage storage,
                       ProgressTracker progress, ClusterBackend backend, Access access, IdempotentCreates idempotent,
                       JobWaiter waiter) {
        this.waiter = waiter;
        this.backend = backend;
        this.jobs = jobs;
        this.files = files;
        this.results = results;
        this.storage = storage;
        this.progress = progress;
        this.access = access;
        this.idempotent = idempotent;
    }

    /**
     * Submits a job: 201 with it. With an {@code Idempotency-Key}, a repeated submission with the same body
     * answers 200 with the job the first one created (422 with another body).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response submit(JobRequest request, @HeaderParam(IdempotentCreates.HEADER) String key, UriInfo uri) {
        if (request == null) {
            throw SparkportException.badRequest("a JSON body is required");
        }
        access.requirePool(request.pool());
        String caller = access.caller().name();
        if (key == null) {
            Job job = jobs.submit(request, caller);
            return Response.created(uri.getAbsolutePathBuilder().path(job.id).build()).entity(JobView.of(job)).build();
        }
        IdempotentCreates.Outcome outcome = idempotent.create("job", caller, key, request,
                () -> jobs.submit(request, caller).id);
        Job job = jobs.get(outcome.resourceId());
        return (outcome.created() ? Response.created(uri.getAbsolutePathBuilder().path(job.id).build()) : Response.ok())
                .entity(JobView.of(job)).build();
    }

    /** The job, when the caller may use its pool (403 otherwise). */
    private Job visible(String id) {
        Job job = jobs.get(id);
        access.requirePool(job.pool);
        return job;
    }

    @GET
    public JobView.Page list(@QueryParam("pool") String pool, @QueryParam("state") String state,
                             @QueryParam("schedule") String schedule,
                             @QueryParam("limit") @DefaultValue("50") int limit, @QueryParam("after") String after) {
        List<Job> page = jobs.list(pool, state(state), schedule, limit, after, access.visiblePools());
        String next = page.size() == limit ? page.get(page.size() - 1).id : null;
        return new JobView.Page(page.stream().map(JobView::of).toList(), next);
    }

    private static JobState state(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return JobState.valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw SparkportException.invalid("state '" + state + "' is unknown: use one of " + List.of(JobState.values()));
        }
    }

    /**
     * The job; with {@code wait}, a long-poll: answered as soon as the job is in a final state, or when the wait
     * is over with the job as it is then. Runs on a worker thread; the wait itself holds none ({@link JobWaiter}).
     */
    @GET
    @Path("{id}")
    @Blocking
    public CompletionStage<JobView> get(@PathParam("id") String id,
                                        @QueryParam("wait") @Parameter(description = WAIT) String wait) {
        Duration timeout = WaitParam.parse(wait, Duration.ZERO);
        Job job = visible(id);
        if (timeout.isZero() || job.state.isTerminal()) {
            return CompletableFuture.completedFuture(view(job));
        }
        return waiter.awaitEnd(id, timeout).thenApply(this::view);
    }

    private JobView view(Job job) {
        return JobView.of(job, progress.of(job).orElse(null), job.state.isActive() ? backend.driver(job.id).uiUrl() : null);
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        visible(id);
        return Response.accepted(JobView.of(jobs.cancel(id))).build();
    }

    @GET
    @Path("{id}/logs")
    @Produces(MediaType.TEXT_PLAIN)
    public String logs(@PathParam("id") String id, @QueryParam("offset") @DefaultValue("0") long offset,
                       @QueryParam("limit") @DefaultValue("" + Long.MAX_VALUE) long limit) {
        visible(id);
        return files.logLines(id, offset, limit);
    }

    @GET
    @Path("{id}/result")
    @Produces(MediaType.APPLICATION_JSON)
    public SqlResult result(@PathParam("id") String id) {
        return results.read(visible(id));
    }

    @GET
    @Path("{id}/result")
    @Produces(CSV)
    public Response resultCsv(@PathParam("id") String id) {
        Job job = visible(id);
        SqlResult preview = results.read(job);
        StreamingOutput csv = out -> ResultCsv.write(storage, job.pool, preview, out);
        return Response.ok(csv, CSV).header("Content-Disposition", "attachment; filename=\"" + id + ".csv\"").build();
    }
}
