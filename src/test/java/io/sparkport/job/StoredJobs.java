package io.sparkport.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test helper: jobs stored directly, in a pool no reconcile loop knows, so nothing ever launches them. */
public final class StoredJobs {

    private StoredJobs() {
    }

    public static String queued(int maxRetries) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Job job = new Job();
            job.id = JobService.newId();
            job.pool = "ghost-pool";
            job.type = JobType.SQL;
            job.sql = "SELECT 1";
            job.state = JobState.QUEUED;
            job.cores = 1;
            job.executorMemoryMb = 512;
            job.args = List.of();
            job.pyFiles = List.of();
            job.conf = Map.of();
            job.maxRetries = maxRetries;
            job.createdAt = Instant.now();
            job.persist();
            return job.id;
        });
    }

    public static Job read(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Job.byId(id));
    }

    public static void requestCancel(String id) {
        QuarkusTransaction.requiringNew().run(() -> Job.byId(id).cancelRequested = true);
    }
}
