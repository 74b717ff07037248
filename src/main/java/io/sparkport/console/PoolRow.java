package io.sparkport.console;

import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.WorkerObservation;
import io.sparkport.cluster.timeline.PoolTimeline;
import io.sparkport.pool.Pool;
import io.sparkport.pool.PoolFile;
import java.util.List;
import java.util.Optional;

/**
 * A pool as a line of the overview: its cluster as the latest reconcile pass saw it (state, workers
 * registered and decided on, jobs running and queued), its files, and the Spark master UI while it is up.
 */
public record PoolRow(String name, String state, String stateClass, int workersCurrent, int workersDesired,
                      int runningJobs, int queuedJobs, int files, String used, String storageSize, String sparkUi,
                      String reason, String observed) {

    static final String UNKNOWN = "UNKNOWN";

    static PoolRow of(Pool pool, Optional<PoolTimeline.Pass> pass, List<PoolFile> files) {
        long bytes = files.stream().mapToLong(PoolFile::size).sum();
        if (pass.isEmpty()) {
            return new PoolRow(pool.name, UNKNOWN, "idle", 0, 0, 0, 0, files.size(), ConsoleFormat.bytes(bytes),
                    pool.storageSize, null, "not observed yet", ConsoleFormat.NONE);
        }
        PoolTimeline.Pass p = pass.get();
        ClusterState state = p.cluster().state();
        int alive = (int) p.cluster().workers().stream().filter(WorkerObservation::alive).count();
        return new PoolRow(pool.name, state.name(), stateClass(state), alive, p.decision().desiredWorkers(),
                p.demand().activeJobs(), p.demand().queuedJobs(), files.size(), ConsoleFormat.bytes(bytes),
                pool.storageSize, state == ClusterState.DOWN ? null : p.cluster().webUiUrl(), p.decision().reason(),
                ConsoleFormat.time(p.at()));
    }

    static String stateClass(ClusterState state) {
        return switch (state) {
            case READY -> "ok";
            case STARTING, STOPPING -> "busy";
            case DOWN -> "idle";
        };
    }
}
