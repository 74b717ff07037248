package io.sparkport.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sparkport.SparkportConfig;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.job.JobEndings;
import io.sparkport.job.JobRequest;
import io.sparkport.job.JobService;
import io.sparkport.job.JobState;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The synchronous shortcut for small queries: an SQL job of the pool, answered in the response when it ends
 * within {@code wait}, else 202 with the job's Location to follow it like any other.
 */
@Path("/api/v1/pools/{pool}/sql")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PoolSqlResource {

    static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    /** How long a waiting request goes without reading its job's row when no job ends. */
    private static final long RECHECK_MILLIS = 200;

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
    private final Clock clock;
    private final JobEndings endings;

    public PoolSqlResource(JobService jobs, SqlResults results, SparkportConfig config, Clock clock, JobEndings endings) {
        this.jobs = jobs;
        this.endings = endings;
        this.results = results;
        this.config = config;
        this.clock = clock;
    }

    @POST
    public Response query(@PathParam("pool") String pool, @QueryParam("wait") String wait, SqlRequest request,
                          UriInfo uri) {
        if (request == null) {
            throw SparkportException.badRequest("a JSON body is required");
        }
        Duration timeout = waitTime(wait);
        int limit = limit(request.limit());
        Job job = jobs.submit(new JobRequest(pool, "SQL", null, request.sql(), null, null, null, null, null, null, null,
                null, null, request.engine()));
        URI location = uri.getBaseUriBuilder().path("api/v1/jobs").path(job.id).build();
        Job ended = awaitEnd(job.id, clock.instant().plus(timeout));
        if (ended == null) {
            return Response.accepted(JobView.of(jobs.get(job.id))).location(location).build();
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

    /**
     * Reads the job's row until it ended, waking when any job's end commits (and every 200 ms besides); null
     * when the deadline passed first.
     */
    private Job awaitEnd(String id, Instant deadline) {
        while (true) {
            long seen = endings.seen();
            Job job = QuarkusTransaction.requiringNew().call(() -> Job.byId(id));
            if (job.state.isTerminal()) {
                return job;
            }
            long left = Duration.between(clock.instant(), deadline).toMillis();
            if (left <= 0) {
                return null;
            }
            try {
                endings.awaitAfter(seen, Math.min(left, RECHECK_MILLIS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    static Duration waitTime(String wait) {
        if (wait == null || wait.isBlank()) {
            return DEFAULT_WAIT;
        }
        try {
            Duration d = Duration.parse(wait.trim());
            if (!d.isNegative() && d.compareTo(MAX_WAIT) <= 0) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw SparkportException.invalid("wait must be an ISO-8601 duration between PT0S and " + MAX_WAIT + ": " + wait);
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
