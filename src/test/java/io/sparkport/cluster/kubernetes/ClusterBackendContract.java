package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.DriverObservation;
import io.sparkport.cluster.DriverPhase;
import io.sparkport.cluster.DriverSpec;
import io.sparkport.cluster.WorkerObservation;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ClusterBackend} must do, independent of where clusters run. A subclass supplies the
 * backend and plays whatever runs clusters and drivers there (for Kubernetes: controllers and kubelet).
 * The local backend's equivalents need real Spark and run as its end-to-end tests.
 */
abstract class ClusterBackendContract {

    static final PoolPolicy POLICY = new PoolPolicy(0, 4, 1, new MemorySize(1024), Duration.ofMinutes(5), Duration.ZERO);
    static final Duration WAIT = Duration.ofSeconds(15);

    abstract ClusterBackend backend();

    /** Lets whatever runs clusters catch up with what the backend asked for (pods for replicas, gone pods). */
    abstract void settleCluster() throws Exception;

    /** Starts the driver the backend launched; returns a handle for {@link #endDriver}. */
    abstract String startDriver(String jobId) throws Exception;

    abstract void endDriver(String jobId, String handle, int exitCode, String output) throws Exception;

    abstract Path logFile(String jobId);

    static DriverSpec spec(String jobId, String pool) {
        return new DriverSpec(jobId, pool, false, "apps/pi.jar", "org.example.Pi", List.of("10"), List.of(),
                Map.of("spark.executor.memory", "1024m", "spark.cores.max", "1"), Path.of("unused"));
    }

    @Test
    void aClusterComesUpScalesAndGoesDown() throws Exception {
        ClusterBackend b = backend();
        assertEquals(ClusterState.DOWN, b.observe("contract").state());
        b.scale("contract", POLICY, 2, List.of());
        settleCluster();
        ClusterObservation up = await(() -> b.observe("contract"), o -> o.state() == ClusterState.READY
                && o.workers().stream().filter(WorkerObservation::alive).count() == 2, "2 alive workers");
        assertEquals(2, up.aliveCores());
        b.scale("contract", POLICY, 3, List.of());
        settleCluster();
        await(() -> b.observe("contract"), o -> o.workers().stream().filter(WorkerObservation::alive).count() == 3,
                "3 alive workers");
        b.tearDown("contract");
        settleCluster();
        await(() -> b.observe("contract"), o -> o.state() == ClusterState.DOWN, "cluster down");
    }

    @Test
    void aDriverRunsAndSucceeds() throws Exception {
        ClusterBackend b = backend();
        b.scale("drivers", POLICY, 1, List.of());
        settleCluster();
        b.launchDriver(spec("okjob1", "drivers"));
        assertEquals(DriverPhase.STARTING, b.driver("okjob1").phase());
        String handle = startDriver("okjob1");
        await(() -> b.driver("okjob1"), d -> d.phase() == DriverPhase.RUNNING, "driver running");
        endDriver("okjob1", handle, 0, "Pi is roughly 3.14\n");
        await(() -> b.driver("okjob1"), d -> d.phase() == DriverPhase.SUCCEEDED, "driver succeeded");
        assertTrue(java.nio.file.Files.readString(logFile("okjob1")).contains("Pi is roughly 3.14"),
                "the driver's output is kept in the service's log store");
        b.release("okjob1");
    }

    @Test
    void aFailedDriverSaysWhy() throws Exception {
        ClusterBackend b = backend();
        b.scale("drivers", POLICY, 1, List.of());
        settleCluster();
        b.launchDriver(spec("badjob1", "drivers"));
        String handle = startDriver("badjob1");
        endDriver("badjob1", handle, 1,
                "log line\nException in thread \"main\" java.lang.IllegalStateException: no such table: sales\n");
        DriverObservation d = await(() -> b.driver("badjob1"), o -> o.phase() == DriverPhase.FAILED, "driver failed");
        assertEquals("java.lang.IllegalStateException: no such table: sales", d.failureReason());
    }

    @Test
    void launchingTwiceStartsOneDriver() throws Exception {
        ClusterBackend b = backend();
        b.scale("drivers", POLICY, 1, List.of());
        b.launchDriver(spec("twice1", "drivers"));
        b.launchDriver(spec("twice1", "drivers"));
        await(() -> b.driver("twice1"), d -> d.phase() == DriverPhase.STARTING, "driver starting");
        Thread.sleep(500);
        b.launchDriver(spec("twice1", "drivers"));
        Thread.sleep(500);
        assertEquals(1, driversOf("twice1"));
    }

    @Test
    void anUnknownDriverIsUnknown() {
        assertEquals(DriverPhase.UNKNOWN, backend().driver("nosuchjob").phase());
    }

    /** How many drivers of the job exist where the backend runs them. */
    abstract int driversOf(String jobId) throws Exception;

    static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
            }
            Thread.sleep(20);
            last = read.get();
        }
        return last;
    }
}
