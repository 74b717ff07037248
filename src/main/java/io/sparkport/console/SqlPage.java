package io.sparkport.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sparkport.SparkportException;
import io.sparkport.job.Job;
import io.sparkport.job.JobRequest;
import io.sparkport.job.JobService;
import io.sparkport.pool.PoolFile;
import io.sparkport.pool.PoolService;
import io.sparkport.pool.PoolStorage;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Run SQL from the console: the form submits an SQL job through the job service, and the page it leads to
 * shows the job until it ends and then its result table (refreshing itself, with or without JavaScript).
 */
@Path("/sql")
@Produces(MediaType.TEXT_HTML)
public class SqlPage {

    private static final Pattern TABLE_FILE = Pattern.compile("(?i).+\\.(csv|parquet|json|jsonl)");

    private final JobService jobs;
    private final JobDetails details;
    private final PoolService pools;
    private final PoolStorage storage;

    public SqlPage(JobService jobs, JobDetails details, PoolService pools, PoolStorage storage) {
        this.jobs = jobs;
        this.details = details;
        this.pools = pools;
        this.storage = storage;
    }

    /** The form as filled in, the pool's tables (its CSV files), and an error to show with it. */
    public record Form(String pool, String sql, List<String> pools, List<Table> tables, String error) {
    }

    /** A file of the pool an SQL job can name as a view. */
    public record Table(String view, String file) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance sql(Form form, JobDetail job, boolean refresh);
    }

    @GET
    public String page(@QueryParam("pool") String pool, @QueryParam("job") String jobId) {
        String id = JobPages.blankToNull(jobId);
        if (id == null) {
            String p = JobPages.blankToNull(pool);
            return Templates.sql(form(p == null ? "default" : p, "", null), null, false).render();
        }
        Job job = jobs.get(id);
        return Templates.sql(form(job.pool, job.sql == null ? "" : job.sql, null), details.of(job),
                !job.state.isTerminal()).render();
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@FormParam("pool") String pool, @FormParam("sql") String sql) {
        try {
            Job job = jobs.submit(new JobRequest(JobPages.blankToNull(pool), "SQL", null, sql, null, null, null, null,
                    null, null, null, null, null));
            return JobPages.seeOther("/sql?job=" + job.id);
        } catch (SparkportException e) {
            if (e.kind() != SparkportException.Kind.INVALID && e.kind() != SparkportException.Kind.BAD_REQUEST) {
                throw e;
            }
            String html = Templates.sql(form(pool, sql == null ? "" : sql, e.getMessage()), null, false).render();
            return Response.status(e.kind().status()).type(MediaType.TEXT_HTML_TYPE).entity(html).build();
        }
    }

    private Form form(String pool, String sql, String error) {
        List<String> names = pools.list().stream().map(p -> p.name).toList();
        List<Table> tables = pool != null && names.contains(pool) ? tables(pool) : List.of();
        return new Form(pool == null ? "" : pool, sql, names, tables, error);
    }

    /**
     * The views an SQL job of the pool can name: the SQL runner registers the csv, parquet, json and jsonl files
     * directly in the pool's root under their base name, other characters than letters, digits and _ made _.
     */
    private List<Table> tables(String pool) {
        return storage.list(pool, "").stream()
                .map(PoolFile::path)
                .filter(p -> !p.contains("/") && TABLE_FILE.matcher(p).matches())
                .limit(50)
                .map(p -> new Table(p.substring(0, p.lastIndexOf('.')).replaceAll("[^A-Za-z0-9_]", "_"), p))
                .toList();
    }

    @ServerExceptionMapper
    public Response error(SparkportException e) {
        return ConsoleErrors.page(e);
    }
}
