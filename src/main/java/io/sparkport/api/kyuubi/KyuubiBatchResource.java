package io.sparkport.api.kyuubi;

import io.sparkport.SparkportException;
import io.sparkport.api.batch.BatchJobs;
import io.sparkport.api.batch.Batches;
import io.sparkport.job.Job;
import io.sparkport.job.JobFiles;
import io.sparkport.job.JobFilter;
import io.sparkport.job.JobService;
import jakarta.persistence.PersistenceException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Apache Kyuubi's batch API ({@code /api/v1/batches} of Kyuubi 1.10+) over Sparkport's jobs, under
 * {@code /kyuubi} so that a Kyuubi client's host URL carries the prefix: a batch is a SPARK job, its id the
 * job's batch id (a UUID), its states Kyuubi's ({@link KyuubiBatches}).
 */
@Path("/kyuubi/api/v1/batches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Kyuubi batches", description = "Apache Kyuubi's /api/v1/batches over Sparkport jobs")
public class KyuubiBatchResource {

    static final String DUPLICATED = "kyuubi.batch.duplicated";
    static final String JOB_ID = "sparkport.job.id";

    private final Batches batches;

    public KyuubiBatchResource(Batches batches) {
        this.batches = batches;
    }

    /**
     * Creates a batch: 200 with it, as Kyuubi answers. A {@code kyuubi.batch.id} already used answers the batch
     * it created, marked {@code kyuubi.batch.duplicated}, and creates nothing.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public KyuubiViews.Batch create(KyuubiBatchRequest request, UriInfo uri) {
        if (request == null) {
            throw SparkportException.badRequest("a JSON body is required");
        }
        KyuubiBatches.Submission submission = KyuubiBatches.submission(request, batches.fallbackPool());
        Optional<KyuubiViews.Batch> duplicate = duplicate(submission.batchId(), uri);
        if (duplicate.isPresent()) {
            return duplicate.get();
        }
        try {
            return view(batches.submit(submission.job(), submission.batchId()), uri, false);
        } catch (PersistenceException e) {
            // two requests with one kyuubi.batch.id at once: the unique batch id let one of them in
            return duplicate(submission.batchId(), uri).orElseThrow(() -> e);
        }
    }

    private Optional<KyuubiViews.Batch> duplicate(UUID batchId, UriInfo uri) {
        if (batchId == null) {
            return Optional.empty();
        }
        return batches.byBatchId(batchId.toString()).map(job -> view(batches.visible(Optional.of(job), "Invalid batchId: " + batchId), uri, true));
    }

    /** Batches oldest first unless {@code desc}; times bound the creation and the end (epoch ms, 0: none). */
    @GET
    public KyuubiViews.Batches list(@QueryParam("batchType") String batchType, @QueryParam("batchState") String batchState,
                                    @QueryParam("batchUser") String batchUser, @QueryParam("batchName") String batchName,
                                    @QueryParam("createTime") String createTime, @QueryParam("endTime") String endTime,
                                    @QueryParam("from") String from, @QueryParam("size") String size,
                                    @QueryParam("desc") String desc, UriInfo uri) {
        long created = BatchJobs.parameter("createTime", createTime, 0);
        long ended = BatchJobs.parameter("endTime", endTime, 0);
        if (created < 0 || ended < 0 || (ended != 0 && created > ended)) {
            throw SparkportException.badRequest("Invalid time range");
        }
        Boolean python = batchType == null || batchType.isBlank() ? null : KyuubiBatches.type(batchType).equals("PYSPARK");
        JobFilter filter = new JobFilter(null, batchState == null ? null : KyuubiBatches.states(batchState), null,
                null, python, blankToNull(batchUser), blankToNull(batchName),
                created == 0 ? null : Instant.ofEpochMilli(created), ended == 0 ? null : Instant.ofEpochMilli(ended), null);
        int start = BatchJobs.intParameter("from", from, 0);
        JobService.Found found = batches.list(filter, start, BatchJobs.intParameter("size", size, 100), Boolean.parseBoolean(desc));
        return new KyuubiViews.Batches(start, found.jobs().size(),
                found.jobs().stream().map(j -> view(j, uri, false)).toList());
    }

    @GET
    @Path("{batchId}")
    public KyuubiViews.Batch get(@PathParam("batchId") String batchId, UriInfo uri) {
        return view(batch(batchId), uri, false);
    }

    /** Driver log lines: {@code from} -1 (the default) is the last {@code size} (100) lines. */
    @GET
    @Path("{batchId}/localLog")
    public KyuubiViews.Log localLog(@PathParam("batchId") String batchId, @QueryParam("from") String from,
                                    @QueryParam("size") String size) {
        Job job = batch(batchId);
        JobFiles.LogPage page = batches.log(job, BatchJobs.parameter("from", from, -1), BatchJobs.parameter("size", size, 100));
        return new KyuubiViews.Log(page.lines(), page.lines().size());
    }

    /** Cancels a batch that has not ended; one that has ended is left as it is ({@code success} false). */
    @DELETE
    @Path("{batchId}")
    public KyuubiViews.Close delete(@PathParam("batchId") String batchId) {
        Job job = batch(batchId);
        if (!batches.cancel(job)) {
            return new KyuubiViews.Close(false, "The batch[" + job.batchId + "] has been terminated");
        }
        return new KyuubiViews.Close(true, "cancelled batch " + job.batchId);
    }

    private Job batch(String batchId) {
        Optional<Job> found;
        try {
            found = batches.byBatchId(UUID.fromString(batchId).toString());
        } catch (IllegalArgumentException e) {
            found = Optional.empty();
        }
        return batches.visible(found, "Invalid batchId: " + batchId);
    }

    private KyuubiViews.Batch view(Job job, UriInfo uri, boolean duplicated) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(JOB_ID, job.id);
        if (duplicated) {
            info.put(DUPLICATED, "true");
        }
        String uiUrl = batches.sparkUiUrl(job);
        return new KyuubiViews.Batch(job.batchId, job.submittedBy, BatchJobs.python(job.appResource) ? "PYSPARK" : "SPARK",
                job.name, millis(job.startedAt), job.sparkAppId, uiUrl, KyuubiBatches.appState(job.state),
                job.failureReason, uri.getBaseUri().toString(), KyuubiBatches.state(job.state), millis(job.createdAt),
                millis(job.finishedAt), info);
    }

    private static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
