package io.sparkport.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.Demand;
import io.sparkport.cluster.ScalingDecision;
import io.sparkport.cluster.WorkerObservation;
import io.sparkport.cluster.timeline.PoolTimeline;
import io.sparkport.cluster.timeline.Timeline;
import io.sparkport.pool.PoolEvents;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The timeline's recording and reading through the real database, its JSON API and the pool page, fed with
 * observations a reconcile pass would make during a burst (no Spark needed).
 */
@QuarkusTest
class ConsoleTimelineTest {

    @Inject
    PoolTimeline timeline;

    @Inject
    PoolEvents events;

    static ClusterObservation ready(int workers) {
        List<WorkerObservation> w = java.util.stream.IntStream.range(0, workers)
                .mapToObj(i -> new WorkerObservation("worker-" + i, WorkerObservation.ALIVE, 1, 1, 512, 512)).toList();
        return new ClusterObservation(ClusterState.READY, "spark://127.0.0.1:1", "http://127.0.0.1:2", w,
                Instant.now());
    }

    static ScalingDecision decided(ScalingDecision.Action action, int desired, String reason) {
        return new ScalingDecision(action, desired, List.of(), reason, null);
    }

    @Test
    void samplesAreWrittenOnChangeOnlyAndReadBackAsSteps() {
        String pool = "ghost-" + UUID.randomUUID().toString().substring(0, 6); // no reconcile loop samples it
        Demand burst = new Demand(1, 1, 3, 3);
        timeline.observed(pool, ClusterObservation.DOWN, decided(ScalingDecision.Action.START, 2, "started"), burst);
        timeline.observed(pool, ready(1), decided(ScalingDecision.Action.SCALE_UP, 2, "scaled 1→2"), burst);
        timeline.observed(pool, ready(1), decided(ScalingDecision.Action.NONE, 2, "steady"), burst);
        timeline.observed(pool, ready(2), decided(ScalingDecision.Action.NONE, 2, "steady"), new Demand(2, 2, 0, 0));

        Timeline t = timeline.readLast(pool, Duration.ofHours(1));
        assertEquals(List.of(0, 1, 2, 2), t.workersCurrent(), "three changes and the level carried to now");
        assertEquals(List.of(2, 2, 2, 2), t.workersDesired());
        assertEquals(List.of(3, 3, 0, 0), t.queuedJobs());
        assertEquals(List.of(4, 4, 2, 2), t.demandCores());
        assertEquals(List.of("DOWN", "READY", "READY", "READY"), t.state());
        assertTrue(timeline.latest(pool).isPresent());
        assertEquals(2, timeline.latest(pool).get().cluster().workers().size());
    }

    @Test
    void theJsonApiAndThePoolPageShowABurstWithItsEvents() {
        String pool = "tl-" + UUID.randomUUID().toString().substring(0, 6);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + pool + "\",\"workers\":{\"max\":3}}")
                .post("/api/v1/pools").then().statusCode(201);
        timeline.observed(pool, ready(1), decided(ScalingDecision.Action.SCALE_UP, 3, "scaled 1→3"), new Demand(1, 1, 2, 2));
        events.record(pool, "scale-up", "scaled 1→3: 1 running job and 2 queued jobs need 3 cores");
        timeline.observed(pool, ready(3), decided(ScalingDecision.Action.NONE, 3, "steady"), new Demand(3, 3, 0, 0));

        given().get("/api/v1/pools/" + pool + "/timeline?since=PT1H").then().statusCode(200)
                .body("pool", equalTo(pool))
                .body("t.size()", greaterThanOrEqualTo(3))
                .body("workersCurrent", hasItem(3))
                .body("workersDesired", hasItem(3))
                .body("queuedJobs", hasItem(2))
                .body("events.kind", hasItem("scale-up"))
                .body("events.message", hasItem(containsString("need 3 cores")));
        given().get("/api/v1/pools/" + pool + "/timeline").then().statusCode(200).body("pool", equalTo(pool));
        given().get("/api/v1/pools/" + pool + "/timeline?since=" + Instant.now().minusSeconds(600)).then().statusCode(200);
        given().get("/api/v1/pools/" + pool + "/timeline?since=yesterday").then().statusCode(422)
                .contentType("application/problem+json");
        given().get("/api/v1/pools/no-such-pool/timeline").then().statusCode(404);

        given().get("/pools/" + pool).then().statusCode(200)
                .body(containsString("scaled 1→3: 1 running job and 2 queued jobs need 3 cores"))
                .body(containsString("\"kind\":\"scale-up\""))
                .body(containsString("<th scope=\"row\">scale-up</th>"));
    }
}
