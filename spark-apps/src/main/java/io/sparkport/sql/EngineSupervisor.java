package io.sparkport.sql;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine (the Spark Connect server's spark-submit) as the gateway's child, so that one container holds
 * both: the gateway exits with the engine's exit code when the engine ends, and stops the engine when it is
 * stopped itself (SIGTERM from the kubelet). The pod thus ends, with the engine's reason, whichever goes first.
 */
final class EngineSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(EngineSupervisor.class);
    static final long STOP_GRACE_SECONDS = 10;

    private EngineSupervisor() {
    }

    static Process start(List<String> command) throws IOException {
        Process engine = new ProcessBuilder(command).inheritIO().start();
        LOG.info("Engine started (pid {}): {}", engine.pid(), String.join(" ", command));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(engine), "engine-stop"));
        Thread watcher = new Thread(() -> {
            try {
                int code = engine.waitFor();
                LOG.error("The engine exited with code {}: the gateway exits with it", code);
                System.exit(code == 0 ? 1 : code); // an engine never ends by itself when all is well
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "engine-watch");
        watcher.setDaemon(true);
        watcher.start();
        return engine;
    }

    private static void stop(Process engine) {
        if (!engine.isAlive()) {
            return;
        }
        engine.destroy();
        try {
            if (!engine.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                engine.destroyForcibly();
            }
        } catch (InterruptedException e) {
            engine.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
