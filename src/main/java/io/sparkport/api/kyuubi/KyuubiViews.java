package io.sparkport.api.kyuubi;

import java.util.List;
import java.util.Map;

/** What Kyuubi's batch endpoints answer, field for field as Kyuubi 1.10's REST DTOs. Times are epoch milliseconds, 0 when not yet. */
public final class KyuubiViews {

    private KyuubiViews() {
    }

    /**
     * Kyuubi's {@code Batch}. {@code batchInfo} carries {@code sparkport.job.id} (the job in {@code /api/v1/jobs})
     * and, for an answer to a repeated {@code kyuubi.batch.id}, {@code kyuubi.batch.duplicated}.
     */
    public record Batch(String id, String user, String batchType, String name, long appStartTime, String appId,
                        String appUrl, String appState, String appDiagnostic, String kyuubiInstance, String state,
                        long createTime, long endTime, Map<String, String> batchInfo) {
    }

    /** {@code GET /batches}: {@code total} is the number of batches on this page, as Kyuubi's server counts. */
    public record Batches(int from, int total, List<Batch> batches) {
    }

    /** {@code GET /batches/{id}/localLog}. */
    public record Log(List<String> logRowSet, int rowCount) {
    }

    /** The answer to a DELETE. */
    public record Close(boolean success, String msg) {
    }
}
