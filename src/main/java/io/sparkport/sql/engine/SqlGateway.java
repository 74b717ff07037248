package io.sparkport.sql.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkport.cluster.SqlEngineSpec;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The Spark Connect client's own JVM ({@code io.sparkport.sql.WarmSqlGateway} from the Spark home), one
 * per service: JSON commands go to its stdin, JSON events come back on its stdout, its log goes to a file.
 * Keeping the client out of the service keeps Scala, Arrow, gRPC and their logging out of it, and the
 * service needs no JVM flags for Arrow.
 */
final class SqlGateway {

    static final String MAIN_CLASS = "io.sparkport.sql.WarmSqlGateway";
    private static final Logger LOG = Logger.getLogger(SqlGateway.class);
    /**
     * Spark's own module options (its launcher's JavaModuleOptions, which drivers get from spark-submit): Arrow
     * and Netty need some, and Spark's date-time code reads sun.util.calendar when results carry timestamps.
     */
    static final List<String> JVM_FLAGS = List.of("-XX:+UseSerialGC", "-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final Process process;
    private final BufferedWriter stdin;
    private final ObjectMapper mapper;

    private SqlGateway(Process process, ObjectMapper mapper) {
        this.process = process;
        this.mapper = mapper;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts the client JVM; {@code onEvent} gets each event line, {@code onExit} the exit description
     * once its stdout ends.
     */
    static SqlGateway start(List<String> javaAndFlags, String classpath, Path log, ObjectMapper mapper,
                            Consumer<JsonNode> onEvent, Consumer<String> onExit) {
        List<String> command = new ArrayList<>(javaAndFlags);
        command.addAll(JVM_FLAGS);
        command.addAll(SqlEngineSpec.QUICK_JIT);
        command.addAll(List.of("-cp", classpath, MAIN_CLASS));
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            Process process = builder.start();
            SqlGateway gateway = new SqlGateway(process, mapper);
            Thread reader = new Thread(() -> gateway.read(onEvent, onExit), "sparkport-sql-gateway-events");
            reader.setDaemon(true);
            reader.start();
            LOG.infof("SQL gateway started (pid %d, log %s)", process.pid(), log);
            return gateway;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SQL gateway", e);
        }
    }

    private void read(Consumer<JsonNode> onEvent, Consumer<String> onExit) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                try {
                    onEvent.accept(mapper.readTree(line));
                } catch (IOException | RuntimeException e) {
                    LOG.errorf(e, "SQL gateway event not handled: %s", line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
        } catch (IOException e) {
            LOG.debugf("SQL gateway output closed: %s", e);
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        onExit.accept(process.isAlive() ? "closed its output" : "exited with code " + process.exitValue());
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    synchronized void send(ObjectNode command) {
        try {
            stdin.write(mapper.writeValueAsString(command));
            stdin.newLine();
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the SQL gateway does not take commands", e);
        }
    }

    /** Closes its stdin (it then ends its sessions and exits), then kills what remains after a grace period. */
    void stop() {
        try {
            synchronized (this) {
                stdin.close();
            }
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
