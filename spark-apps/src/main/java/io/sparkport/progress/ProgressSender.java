package io.sparkport.progress;

import io.sparkport.http.JsonPost;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * POSTs a driver's counts to the service ({@link JsonPost}, the job's token) from a daemon thread of its own, at most
 * once per interval and only when they changed since the last report. Progress is best effort: a failed
 * report is tried again one interval later, and the first failure is noted once in the driver log; when the
 * service refuses (the job ended, or the token is not the job's) the sender stops.
 */
final class ProgressSender {

    private static final int TIMEOUT_MILLIS = 3000;

    private final URI uri;
    private final String token;
    private final long intervalMillis;
    private final ProgressCounter counter;
    private ScheduledExecutorService thread;
    private long sentVersion = -1;
    private boolean failureNoted;

    ProgressSender(String url, String token, long intervalMillis, ProgressCounter counter) {
        this.uri = URI.create(url);
        this.token = token;
        this.intervalMillis = intervalMillis;
        this.counter = counter;
    }

    /** Starts reporting; called on the first Spark job, so applications that run none send nothing. */
    synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sparkport-progress");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::reportIfChanged, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    private void reportIfChanged() {
        long version = counter.version();
        if (version == sentVersion) {
            return;
        }
        try {
            int status = JsonPost.post(uri, token, counter.json(), TIMEOUT_MILLIS).status();
            if (status / 100 == 2) {
                sentVersion = version;
            } else if (status == 401 || status == 404 || status == 409) {
                note("the service refused the progress report (HTTP " + status + "); no more reports");
                stop();
            } else {
                note("progress report answered HTTP " + status);
            }
        } catch (IOException | RuntimeException e) {
            note("progress report failed: " + e);
        }
    }

    private void note(String message) {
        if (!failureNoted) {
            failureNoted = true;
            System.err.println("[sparkport] " + message);
        }
    }
}
