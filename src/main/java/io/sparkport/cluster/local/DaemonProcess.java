package io.sparkport.cluster.local;

import java.util.concurrent.TimeUnit;

/** A Spark Master or Worker JVM of ours, with the ports it was told to bind. */
record DaemonProcess(String name, Process process, int port, int webUiPort) {

    boolean alive() {
        return process.isAlive();
    }

    /** SIGTERM (a Worker then kills its executors), a grace period, then SIGKILL for what remains. */
    void stop() {
        process.destroy();
    }

    void awaitStopped(long graceMillis) {
        try {
            if (!process.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(graceMillis, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    String exitDescription() {
        return process.isAlive() ? "running" : "exit code " + process.exitValue();
    }
}
