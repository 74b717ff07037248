package io.sparkport.engine;

import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.Demand;
import io.sparkport.cluster.ScalingDecision;
import io.sparkport.cluster.ScalingPolicy;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.cluster.SqlEngineState;
import io.sparkport.cluster.WorkerObservation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.cluster.ScalingDecision.Action;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm SQL engine's decisions, and how its cores weigh in scaling and admission. */
class SqlEnginePlanTest {

    static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    static final PoolPolicy POLICY = new PoolPolicy(0, 2, 1, new MemorySize(512), Duration.ofMinutes(5),
            Duration.ofSeconds(30));
    static final SqlEngineObservation STARTING = new SqlEngineObservation(SqlEngineState.STARTING, "sc://e:1", null, 0,
            T0, null, null, "local", "t");
    static final SqlEngineObservation READY = new SqlEngineObservation(SqlEngineState.READY, "sc://e:1", "app-1", 1,
            T0, T0.plusSeconds(7), null, "local", "t");

    static ClusterObservation readyCluster(int busy, int idle) {
        List<WorkerObservation> workers = new java.util.ArrayList<>();
        for (int i = 0; i < busy + idle; i++) {
            workers.add(new WorkerObservation("w-" + i, WorkerObservation.ALIVE, 1, i < busy ? 1 : 0, 512, 0));
        }
        return new ClusterObservation(ClusterState.READY, "spark://m", "http://m", workers, T0);
    }

    @Test
    void sqlWorkOnAnUpClusterStartsTheEngine() {
        SqlEnginePlan p = SqlEnginePlan.decide(ClusterState.READY, SqlEngineObservation.DOWN, 1, 1);
        assertTrue(p.start());
        assertEquals(1, p.heldCores());
        assertEquals("started: 1 SQL job waits", p.reason());
        assertTrue(SqlEnginePlan.decide(ClusterState.STARTING, SqlEngineObservation.DOWN, 3, 1).start(),
                "it starts while the workers still come up");
    }

    @Test
    void onADownClusterTheEngineWaitsButItsCoresAlreadyCount() {
        SqlEnginePlan p = SqlEnginePlan.decide(ClusterState.DOWN, SqlEngineObservation.DOWN, 2, 1);
        assertFalse(p.start());
        assertEquals(1, p.heldCores(), "the cluster is started big enough for the engine");
        assertFalse(SqlEnginePlan.decide(ClusterState.STOPPING, SqlEngineObservation.DOWN, 2, 1).start());
    }

    @Test
    void anEngineThatRunsIsNeverStartedAgainAndHoldsItsCores() {
        for (SqlEngineObservation e : List.of(STARTING, READY)) {
            SqlEnginePlan p = SqlEnginePlan.decide(ClusterState.READY, e, 4, 2);
            assertFalse(p.start());
            assertEquals(2, p.heldCores());
            assertEquals(2, SqlEnginePlan.decide(ClusterState.READY, e, 0, 2).heldCores(), "also without SQL jobs");
        }
    }

    @Test
    void anIdleEngineMakesRoomForABatchJobThatCannotFitBesideIt() {
        SqlEnginePlan blocked = SqlEnginePlan.decide(ClusterState.READY, READY, 0, 0, 1, 2, 2);
        assertTrue(blocked.stop());
        assertEquals(0, blocked.heldCores());
        assertEquals("stopped: a queued batch job needs 2 of the pool's 2 cores, the SQL engine holds 1", blocked.reason());
        assertFalse(SqlEnginePlan.decide(ClusterState.READY, READY, 1, 0, 1, 2, 2).stop(), "not while SQL runs on it");
        assertFalse(SqlEnginePlan.decide(ClusterState.READY, READY, 0, 0, 1, 1, 2).stop(), "the job fits beside it");
        assertFalse(SqlEnginePlan.decide(ClusterState.READY, READY, 0, 0, 1, 0, 2).stop(), "no batch job waits");
    }

    @Test
    void anOpenClientSessionKeepsTheEngineAgainstABatchJob() {
        SqlEnginePlan kept = SqlEnginePlan.decide(ClusterState.READY, READY, 0, 1, 1, 2, 2);
        assertFalse(kept.stop(), "a client session is open on it: the batch job waits for it or for more workers");
        assertEquals(1, kept.heldCores());
    }

    @Test
    void aClientSessionStartsTheEngineAsASqlJobDoes() {
        SqlEnginePlan waiting = SqlEnginePlan.decide(ClusterState.READY, SqlEngineObservation.DOWN, 0, 1, 1, 0, 2);
        assertTrue(waiting.start());
        assertEquals("started: 1 client session waits", waiting.reason());
        assertEquals("started: 2 SQL jobs and 1 client session wait",
                SqlEnginePlan.decide(ClusterState.STARTING, SqlEngineObservation.DOWN, 2, 1, 1, 0, 2).reason());
        assertEquals("1 client session waits for the cluster",
                SqlEnginePlan.decide(ClusterState.DOWN, SqlEngineObservation.DOWN, 0, 1, 1, 0, 2).reason());
    }

    @Test
    void aClientSessionIsWorkThatStartsAndKeepsTheCluster() {
        Demand session = Demand.NONE.withEngineCores(1).withClientSessions(1);
        assertTrue(session.hasWork());
        ScalingDecision start = ScalingPolicy.decide(POLICY, session, ClusterObservation.DOWN, T0, null, null);
        assertEquals(Action.START, start.action());
        assertEquals("started: 1 client session needs 1 core (1 for the SQL engine)", start.reason());
        ScalingDecision kept = ScalingPolicy.decide(POLICY, session, readyCluster(1, 0), T0.plus(Duration.ofHours(1)),
                T0, null);
        assertEquals(Action.NONE, kept.action(), "no teardown under an open session, however long it is quiet");
    }

    @Test
    void withoutSqlWorkNoEngineStarts() {
        SqlEnginePlan p = SqlEnginePlan.decide(ClusterState.READY, SqlEngineObservation.DOWN, 0, 1);
        assertFalse(p.start());
        assertEquals(0, p.heldCores());
    }

    @Test
    void aDeadEngineIsStartedAgainByTheNextSqlJob() {
        SqlEngineObservation died = SqlEngineObservation.down("SQL engine died (exit code 137)");
        assertFalse(SqlEnginePlan.decide(ClusterState.READY, died, 0, 1).start());
        assertTrue(SqlEnginePlan.decide(ClusterState.READY, died, 1, 1).start());
    }

    @Test
    void engineCoresStayWithinThePool() {
        assertEquals(1, SqlEnginePlan.engineCores(POLICY, 1));
        assertEquals(2, SqlEnginePlan.engineCores(POLICY, 8), "at most the pool's largest cluster");
        assertEquals(1, SqlEnginePlan.engineCores(POLICY, 0));
    }

    @Test
    void theSpecSizesExecutorsToTheWorkersAndSchedulesFairly() {
        PoolPolicy big = new PoolPolicy(0, 4, 2, new MemorySize(2048), Duration.ofMinutes(5), Duration.ZERO);
        SqlEngineSpec s = SqlEnginePlan.spec("p", big, 3, new MemorySize(1024), null);
        assertEquals(3, s.cores());
        assertEquals(2, s.executorCores());
        assertEquals(new MemorySize(2048), s.executorMemory(), "a worker's memory unless configured");
        assertEquals("FAIR", s.conf().get("spark.scheduler.mode"));
        assertEquals("0s", s.conf().get("spark.locality.wait"));
        assertEquals("sparkport-p-sql-engine", s.appName());
        assertEquals(new MemorySize(1024), SqlEnginePlan.spec("p", big, 1, new MemorySize(1024), new MemorySize(1024))
                .executorMemory());
        assertEquals(new MemorySize(2048), SqlEnginePlan.spec("p", big, 1, new MemorySize(1024), new MemorySize(4096))
                .executorMemory(), "never more than a worker has");
    }

    @Test
    void theEngineCoresAddWorkersButNeverKeepTheClusterUp() {
        Demand oneBatchJob = new Demand(0, 0, 1, 1).withEngineCores(1);
        assertEquals(2, ScalingPolicy.desiredWorkers(POLICY, oneBatchJob), "a worker for the job, one for the engine");
        ScalingDecision start = ScalingPolicy.decide(POLICY, new Demand(0, 0, 1, 0).withEngineCores(1),
                ClusterObservation.DOWN, T0, null, null);
        assertEquals(Action.START, start.action());
        assertEquals(1, start.desiredWorkers(), "a queued warm SQL job needs just the engine's core");
        assertEquals("started: 1 queued job needs 1 core (1 for the SQL engine)", start.reason());

        Demand engineOnly = Demand.NONE.withEngineCores(1);
        assertFalse(engineOnly.hasWork());
        ScalingDecision idle = ScalingPolicy.decide(POLICY, engineOnly, readyCluster(1, 0), T0.plus(Duration.ofMinutes(6)),
                T0, null);
        assertEquals(Action.TEAR_DOWN, idle.action(), "an idle engine does not keep its cluster");
    }
}
