package io.sparkport.api.livy;

import java.util.List;

/** What Livy's batch endpoints answer, field for field as Livy 0.9's servlets. */
public final class LivyViews {

    private LivyViews() {
    }

    /** Livy's {@code BatchSessionView}: {@code log} holds the last lines of the driver log. */
    public record Batch(long id, String name, String owner, String proxyUser, String state, String appId,
                        AppInfo appInfo, List<String> log) {
    }

    /** Livy's {@code AppInfo}: where the driver's log and Spark UI are; executors' logs are not served. */
    public record AppInfo(String driverLogUrl, String sparkUiUrl, String executorLogUrls) {
    }

    /** {@code GET /batches}: {@code total} counts every batch, not just this page. */
    public record Batches(long from, long total, List<Batch> sessions) {
    }

    public record State(long id, String state) {
    }

    /** {@code GET /batches/{id}/log}: no {@code size} field, as in Livy's code (its docs list one). */
    public record Log(long id, long from, long total, List<String> log) {
    }

    /** Livy's answer to a DELETE, and its error body. */
    public record Msg(String msg) {
    }
}
