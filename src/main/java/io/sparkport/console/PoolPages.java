package io.sparkport.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.sparkport.SparkportException;
import io.sparkport.cluster.timeline.PoolTimeline;
import io.sparkport.cluster.timeline.Timeline;
import io.sparkport.job.JobService;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.connect.ConnectFrontend;
import io.sparkport.engine.ClientSessions;
import io.sparkport.job.JobState;
import io.sparkport.pool.Pool;
import io.sparkport.pool.PoolEvents;
import io.sparkport.pool.PoolService;
import io.sparkport.pool.PoolStorage;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The console's front page (every pool at a glance) and a pool's page (its timeline, events and files). */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class PoolPages {

    /** The timeline windows the pool page offers, by their key in {@code ?window=}. */
    static final Map<String, Duration> WINDOWS = windows();
    static final String DEFAULT_WINDOW = "3h";
    static final int EVENTS = 50;
    static final int JOBS = 10;

    private final PoolService pools;
    private final PoolTimeline timeline;
    private final PoolStorage storage;
    private final JobService jobs;
    private final PoolEvents events;
    private final ObjectMapper mapper;
    private final ClusterBackend backend;
    private final ConnectFrontend connect;
    private final ClientSessions sessions;

    public PoolPages(PoolService pools, PoolTimeline timeline, PoolStorage storage, JobService jobs, PoolEvents events,
                     ObjectMapper mapper, ClusterBackend backend, ConnectFrontend connect, ClientSessions sessions) {
        this.backend = backend;
        this.connect = connect;
        this.sessions = sessions;
        this.pools = pools;
        this.timeline = timeline;
        this.storage = storage;
        this.jobs = jobs;
        this.events = events;
        this.mapper = mapper;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance overview(List<PoolRow> pools, List<JobRow> failures);

        static native TemplateInstance pool(PoolDetail pool);
    }

    @GET
    public String overview() {
        List<PoolRow> rows = pools.list().stream()
                .map(p -> PoolRow.of(p, timeline.latest(p.name), storage.list(p.name, "")))
                .toList();
        List<JobRow> failures = jobs.list(null, JobState.FAILED, null, 5, null).stream().map(JobRow::of).toList();
        return Templates.overview(rows, failures).render();
    }

    @GET
    @Path("pools/{pool}")
    public String pool(@PathParam("pool") String name, @QueryParam("window") @DefaultValue(DEFAULT_WINDOW) String window) {
        Pool pool = pools.get(name);
        String key = WINDOWS.containsKey(window) ? window : DEFAULT_WINDOW;
        Timeline t = timeline.readLast(name, WINDOWS.get(key));
        List<JobRow> recent = jobs.list(name, null, null, JOBS, null).stream().map(JobRow::of).toList();
        return Templates.pool(PoolDetail.of(pool, timeline.latest(name), storage.list(name, ""),
                events.latest(name, EVENTS), recent, t, json(t), WINDOWS, key,
                backend.supportsSqlEngine() ? connect.url(name).orElse(null) : null, sessions.list(name))).render();
    }

    private static Map<String, Duration> windows() {
        Map<String, Duration> w = new LinkedHashMap<>();
        w.put("15m", Duration.ofMinutes(15));
        w.put("1h", Duration.ofHours(1));
        w.put("3h", Duration.ofHours(3));
        w.put("6h", Duration.ofHours(6));
        w.put("24h", Duration.ofHours(24));
        return w;
    }

    /** JSON for a {@code <script type="application/json">}: no {@code <} can close the element early. */
    private String json(Timeline t) {
        try {
            return mapper.writeValueAsString(t).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the timeline of pool " + t.pool(), e);
        }
    }

    @ServerExceptionMapper
    public Response error(SparkportException e) {
        return ConsoleErrors.page(e);
    }
}
