package io.sparkport.cluster.local;

import io.sparkport.cluster.DriverFailure;
import io.sparkport.cluster.DriverObservation;
import io.sparkport.cluster.DriverPhase;
import io.sparkport.job.JobFiles;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.SparkAppHandle;
import org.jboss.logging.Logger;

/**
 * One driver process started by SparkLauncher. The handle reports live states (RUNNING, the app id);
 * the process's exit code decides the end, because a driver may report FINISHED and still exit non-zero.
 */
final class LocalDriver {

    private static final Logger LOG = Logger.getLogger(LocalDriver.class);

    final String jobId;
    final String pool;
    private final SparkAppHandle handle;
    private final Path log;
    private final String uiUrl;
    private final Optional<Process> process;
    private volatile boolean killed;
    private volatile String abortReason;

    /**
     * @param uiUrl  the driver's Spark UI, or null when the job turned the UI off
     * @param onExit called when the driver process exits: its end is seen at once, not on the next tick
     */
    LocalDriver(String jobId, String pool, SparkAppHandle handle, Path log, String uiUrl, Runnable onExit) {
        this.jobId = jobId;
        this.pool = pool;
        this.handle = handle;
        this.log = log;
        this.uiUrl = uiUrl;
        this.process = childProcess(handle);
        process.ifPresent(p -> p.onExit().thenRun(onExit));
    }

    DriverObservation observe() {
        Optional<Integer> exit = process.filter(p -> !p.isAlive()).map(Process::exitValue);
        if (exit.isPresent()) {
            return ended(exit.get());
        }
        return switch (handle.getState()) {
            case UNKNOWN, CONNECTED, SUBMITTED -> live(DriverPhase.STARTING);
            case RUNNING, FINISHED -> live(DriverPhase.RUNNING);
            case FAILED, KILLED, LOST -> process.isPresent() ? live(DriverPhase.RUNNING) : ended(1);
        };
    }

    private DriverObservation live(DriverPhase phase) {
        return new DriverObservation(phase, handle.getAppId(), null, uiUrl);
    }

    private DriverObservation ended(int exitCode) {
        if (abortReason != null) {
            return new DriverObservation(DriverPhase.FAILED, handle.getAppId(), abortReason, null);
        }
        if (killed) {
            return new DriverObservation(DriverPhase.KILLED, handle.getAppId(), "cancelled", null);
        }
        if (exitCode == 0) {
            return new DriverObservation(DriverPhase.SUCCEEDED, handle.getAppId(), null, null);
        }
        return new DriverObservation(DriverPhase.FAILED, handle.getAppId(), DriverFailure.reason(JobFiles.tail(log), exitCode), null);
    }

    /** Kills a driver that cannot go on (its cluster is gone): it ends FAILED with the reason, and may be retried. */
    void abort(String reason) {
        abortReason = reason;
        kill();
    }

    /** Kills the driver JVM; the master then removes its application and the workers kill its executors. */
    void kill() {
        killed = true;
        handle.kill();
        process.ifPresent(p -> {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * SparkLauncher keeps the child {@link Process} private; its exit code is the only reliable end
     * signal, so it is read from the handle (spark-launcher is pinned with Spark, in the pom).
     */
    private static Optional<Process> childProcess(SparkAppHandle handle) {
        try {
            Field field = handle.getClass().getDeclaredField("childProc");
            field.setAccessible(true);
            return Optional.ofNullable((Process) field.get(handle));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("cannot reach the driver process of %s (%s); relying on launcher states", handle, e);
            return Optional.empty();
        }
    }
}
