package io.sparkport.connect;

import static org.junit.jupiter.api.Assertions.fail;

import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.e2e.SparkCluster;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The stock Spark Connect JVM client (spark-connect-client-jvm 4.2.0) in a JVM of its own, as a user runs it:
 * {@code io.sparkport.examples.ConnectShell} from the examples jar, one command per line ({@link #ask}).
 */
public final class ConnectShellProcess implements AutoCloseable {

    private final Process process;
    private final BufferedWriter in;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path log;

    private ConnectShellProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    answers.add(line);
                }
            } catch (IOException e) {
                answers.add("error closed: " + e);
            }
            answers.add("error exited");
        }, "connect-shell-out");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the client on {@code url}; {@code jvmFlags} such as a trust store come before the class. */
    public static ConnectShellProcess start(String url, String... jvmFlags) throws IOException {
        Path home = SparkCluster.SPARK_HOME.toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        command.addAll(SqlEngineSpec.GATEWAY_JVM_FLAGS);
        command.addAll(List.of(jvmFlags));
        command.addAll(List.of("-cp", home.resolve("conf") + ":" + home.resolve("connect-client") + "/*:"
                        + home.resolve("jars") + "/*:" + home.resolve("sparkport/sparkport-examples.jar"),
                "io.sparkport.examples.ConnectShell", url));
        Path log = Files.createTempFile("connect-shell", ".log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        ConnectShellProcess shell = new ConnectShellProcess(process, log);
        String ready = shell.next(60);
        if (!"ready".equals(ready)) {
            fail("the Connect client did not start: " + ready + "\n" + shell.log());
        }
        return shell;
    }

    /** Sends one command and returns its answer line ({@code ok ...} or {@code error ...}). */
    public String ask(String command) throws IOException {
        in.write(command);
        in.newLine();
        in.flush();
        return next(SparkCluster.JOB_TIMEOUT.toSeconds());
    }

    private String next(long seconds) {
        try {
            String line = answers.poll(seconds, TimeUnit.SECONDS);
            return line == null ? "error no answer within " + seconds + " s" : line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "error interrupted";
        }
    }

    public String log() {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
