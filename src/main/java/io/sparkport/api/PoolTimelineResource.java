package io.sparkport.api;

import io.sparkport.SparkportException;
import io.sparkport.cluster.timeline.PoolTimeline;
import io.sparkport.cluster.timeline.Timeline;
import io.sparkport.pool.PoolService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** A pool's autoscaling timeline: workers (current, desired) against demand, with the pool's events. */
@Path("/api/v1/pools/{pool}/timeline")
@Produces(MediaType.APPLICATION_JSON)
public class PoolTimelineResource {

    static final Duration DEFAULT_WINDOW = Duration.ofHours(3);

    private final PoolService pools;
    private final PoolTimeline timeline;
    private final Clock clock;

    public PoolTimelineResource(PoolService pools, PoolTimeline timeline, Clock clock) {
        this.pools = pools;
        this.timeline = timeline;
        this.clock = clock;
    }

    /** @param since an instant ({@code 2026-11-27T03:00:00Z}) or a duration back from now ({@code PT1H}); 3 hours by default */
    @GET
    public Timeline get(@PathParam("pool") String pool, @QueryParam("since") String since) {
        pools.get(pool);
        return timeline.read(pool, since(since, clock.instant()));
    }

    static Instant since(String text, Instant now) {
        if (text == null || text.isBlank()) {
            return now.minus(DEFAULT_WINDOW);
        }
        try {
            return text.startsWith("P") || text.startsWith("p") ? now.minus(Duration.parse(text)) : Instant.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw SparkportException.invalid("since '" + text + "' is neither an ISO-8601 instant"
                    + " (2026-11-27T03:00:00Z) nor a duration back from now (PT3H)");
        }
    }
}
