package io.sparkport.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.common.annotation.Blocking;
import io.sparkport.SparkportConfig;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.job.JobRequest;
import io.sparkport.job.JobService;
import io.sparkport.job.JobState;
import io.sparkport.job.JobWaiter;
import io.sparkport.sql.SqlResult;
import io.sparkport.sql.SqlResults;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The synchronous shortcut for small queries: an SQL job of the pool, answered in the response when it ends
 * within {@code wait}, else 202 with the job's Location to follow it like any other.
 */
@Path("/api/v1/pools/{pool}/sql")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PoolSqlResource {

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    private static final String WAIT = "how long to wait for the query's end (ISO-8601, default PT10S, at most PT5M);"
            + " 202 with the job when it is still running then";

    /** The body: the SQL, at most {@code limit} rows in the answer, and optionally the engine. */
    public record SqlRequest(String sql, Integer limit, String engine) {
    }

    /** The answer of a query that ended in time: its job, and its result limited to {@code limit} rows. */
    public record SqlAnswer(String jobId, String state, String engine, List<SqlResult.Column> columns,
                            List<List<JsonNode>> rows, long rowCount, boolean truncated, String resultPath) {
    }

    private final JobService jobs;
    private final SqlResults results;
    private final SparkportConfig config;
    private final JobWaiter waiter;

    public PoolSqlResource(JobService jobs, SqlResults results, SparkportConfig config, JobWaiter waiter) {
        this.jobs = jobs;
        this.waiter = waiter;
        this.results = results;
        this.config = config;
    }

    /** Runs on a worker thread; the wait itself holds none ({@link JobWaiter}). */
    @POST
    @Blocking
    public CompletionStage<Response> query(@PathParam("pool") String pool,
                                           @QueryParam("wait") @Parameter(description = WAIT) String wait,
                                           SqlRequest request, UriInfo uri) {
        if (request == null) {
            throw SparkportException.badRequest("a JSON body is required");
        }
        Duration timeout = WaitParam.parse(wait, DEFAULT_WAIT);
        int limit = limit(request.limit());
        Job job = jobs.submit(new JobRequest(pool, "SQL", null, request.sql(), null, null, null, null, null, null, null,
                null, null, request.engine()));
        URI location = uri.getBaseUriBuilder().path("api/v1/jobs").path(job.id).build();
        return waiter.awaitEnd(job.id, timeout).thenApply(ended -> answer(ended, limit, location, uri));
    }

    private Response answer(Job ended, int limit, URI location, UriInfo uri) {
        if (!ended.state.isTerminal()) {
            return Response.accepted(JobView.of(ended)).location(location).build();
        }
        if (ended.state != JobState.SUCCEEDED) {
            return Response.fromResponse(ProblemMapper.problem(422, "query-failed", "Query failed",
                    "job " + ended.id + " " + ended.state + ": " + ended.failureReason, uri)).location(location).build();
        }
        SqlResult result = results.read(ended);
        List<List<JsonNode>> rows = result.rows().size() > limit ? result.rows().subList(0, limit) : result.rows();
        return Response.ok(new SqlAnswer(ended.id, ended.state.name(), ended.engine == null ? null
                : ended.engine.name().toLowerCase(java.util.Locale.ROOT), result.columns(), rows, result.rowCount(),
                result.rowCount() > rows.size(), result.resultPath())).location(location).build();
    }

    private int limit(Integer limit) {
        int max = config.sql().maxRows();
        if (limit == null) {
            return max;
        }
        if (limit < 0 || limit > max) {
            throw SparkportException.invalid("limit must be between 0 and " + max + " (sparkport.sql.max-rows)");
        }
        return limit;
    }
}
