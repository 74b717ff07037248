package io.sparkport.api.livy;

import io.sparkport.SparkportException;
import io.sparkport.api.batch.BatchJobs;
import io.sparkport.api.batch.Batches;
import io.sparkport.job.Job;
import io.sparkport.job.JobFiles;
import io.sparkport.job.JobFilter;
import io.sparkport.job.JobService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Apache Livy's batch API over Sparkport's jobs, for clients that speak Livy (Airflow's LivyOperator,
 * sparkmagic-style scripts): a batch is a SPARK job, its Livy id the job's {@code seq} (an integer, stable
 * across restarts), its state Livy's ({@link LivyBatches#state}). Errors are Livy's {@code {"msg": ...}}.
 */
@Path("/livy/batches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Livy batches", description = "Apache Livy 0.9's /batches over Sparkport jobs")
public class LivyBatchResource {

    /** Livy shows the last 10 log lines in a batch's view. */
    static final int VIEW_LOG_LINES = 10;
    static final int DEFAULT_PAGE = 100;

    private final Batches batches;

    public LivyBatchResource(Batches batches) {
        this.batches = batches;
    }

    /** Submits a batch: 201 with its view and a Location; {@code doAs} (impersonation) is refused like proxyUser. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(LivyBatchRequest request, @QueryParam("doAs") String doAs, UriInfo uri) {
        if (request == null) {
            throw SparkportException.badRequest("a JSON body is required");
        }
        if (doAs != null) {
            throw SparkportException.badRequest("doAs is not supported: Sparkport runs every job as its own user");
        }
        Job created = batches.submit(LivyBatches.request(request, batches.fallbackPool()), null);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.seq)).build())
                .entity(view(created, uri)).build();
    }

    /** Batches oldest first, {@code size} from {@code from}; {@code total} counts them all. */
    @GET
    public LivyViews.Batches list(@QueryParam("from") String from, @QueryParam("size") String size, UriInfo uri) {
        int start = BatchJobs.intParameter("from", from, 0);
        int count = BatchJobs.intParameter("size", size, DEFAULT_PAGE);
        JobService.Found found = batches.list(JobFilter.ALL, start, count, false);
        return new LivyViews.Batches(start, found.total(), found.jobs().stream().map(j -> view(j, uri)).toList());
    }

    @GET
    @Path("{id}")
    public LivyViews.Batch get(@PathParam("id") String id, UriInfo uri) {
        return view(batch(id), uri);
    }

    @GET
    @Path("{id}/state")
    public LivyViews.State state(@PathParam("id") String id) {
        Job job = batch(id);
        return new LivyViews.State(job.seq, LivyBatches.state(job.state));
    }

    /** Log lines as Livy pages them: {@code from} -1 (the default) is the last {@code size} (100) lines. */
    @GET
    @Path("{id}/log")
    public LivyViews.Log log(@PathParam("id") String id, @QueryParam("from") String from,
                             @QueryParam("size") String size) {
        Job job = batch(id);
        JobFiles.LogPage page = batches.log(job, BatchJobs.parameter("from", from, -1),
                BatchJobs.parameter("size", size, DEFAULT_PAGE));
        return new LivyViews.Log(job.seq, page.window().from(), page.window().total(), page.lines());
    }

    /**
     * Kills a batch that has not ended (it ends {@code killed}, its driver stopped); one that has ended is left
     * as it is. Either way 200 {@code {"msg": "deleted"}}, as Livy answers; the job stays in Sparkport's history.
     */
    @DELETE
    @Path("{id}")
    public LivyViews.Msg delete(@PathParam("id") String id) {
        batches.cancel(batch(id));
        return new LivyViews.Msg("deleted");
    }

    /** The batch by its Livy id, or (a path that is not all digits) the newest one of that name, as Livy looks up. */
    private Job batch(String idOrName) {
        Optional<Job> found = idOrName.matches("\\d{1,18}") ? batches.bySeq(Long.parseLong(idOrName))
                : batches.list(JobFilter.ALL.withName(idOrName), 0, 1, true).jobs().stream().findFirst();
        return batches.visible(found, "Session '" + idOrName + "' not found.");
    }

    private LivyViews.Batch view(Job job, UriInfo uri) {
        String logUrl = uri.getBaseUriBuilder().path("api/v1/jobs").path(job.id).path("logs").build().toString();
        return new LivyViews.Batch(job.seq, job.name, job.submittedBy, null, LivyBatches.state(job.state),
                job.sparkAppId, new LivyViews.AppInfo(logUrl, batches.sparkUiUrl(job), null),
                batches.log(job, -1, VIEW_LOG_LINES).lines());
    }
}
