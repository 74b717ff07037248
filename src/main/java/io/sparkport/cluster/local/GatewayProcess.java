package io.sparkport.cluster.local;

import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.cluster.SqlGatewayLink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The service's SQL gateway on this machine: the Spark Connect client's own JVM
 * ({@value SqlEngineSpec#GATEWAY_CLASS} from the Spark home), one per service, serving every local engine.
 * Commands go to its stdin, events come back on its stdout, its log goes to a file. Keeping the client out of
 * the service keeps Scala, Arrow, gRPC and their logging out of it, and the service needs no JVM flags for Arrow.
 */
final class GatewayProcess implements SqlGatewayLink {

    private static final Logger LOG = Logger.getLogger(GatewayProcess.class);

    private final Process process;

    private GatewayProcess(Process process) {
        this.process = process;
    }

    /** Starts the client JVM; it is owned by the data directory like the Spark processes (the reaper finds it). */
    static GatewayProcess start(SparkHome home, Path dataDir, String clientMemory) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + clientMemory, ProcessReaper.ownerFlag(dataDir)));
        command.addAll(SqlEngineSpec.GATEWAY_JVM_FLAGS);
        command.addAll(SqlEngineSpec.QUICK_JIT);
        command.addAll(List.of("-cp", home.connectClientClasspath(), SqlEngineSpec.GATEWAY_CLASS));
        Path log = dataDir.resolve("logs").resolve("sql-gateway.log");
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            Process process = builder.start();
            LOG.infof("SQL gateway started (pid %d, log %s)", process.pid(), log);
            return new GatewayProcess(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SQL gateway", e);
        }
    }

    @Override
    public InputStream events() {
        return process.getInputStream();
    }

    @Override
    public OutputStream commands() {
        return process.getOutputStream();
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    @Override
    public String end() {
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.isAlive() ? "closed its output" : "exited with code " + process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** Closes its stdin (it then ends its sessions and exits), then kills what remains after a grace period. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            LOG.debugf("closing the SQL gateway's stdin: %s", e);
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
