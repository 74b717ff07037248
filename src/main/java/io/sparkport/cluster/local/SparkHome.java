package io.sparkport.cluster.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A Spark home the local backend runs daemons and drivers from: {@code jars/}, {@code bin/spark-submit},
 * {@code conf/}, and the project's own jars under {@code sparkport/}. The build assembles one under
 * {@code target/spark-home}; a full Spark distribution works too.
 */
public record SparkHome(Path root) {

    public static final String SQL_RUNNER_JAR = "sparkport/sparkport-sql-runner.jar";
    public static final String LISTENER_JAR = "sparkport/sparkport-listener.jar";

    /** Checks the layout and makes the scripts executable (Maven's resource copy drops the bit). */
    public static SparkHome open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs.resolve("jars")) || !Files.isRegularFile(abs.resolve("bin/spark-submit"))) {
            throw new IllegalStateException("sparkport.local.spark-home " + abs
                    + " is not a Spark home (no jars/ or bin/spark-submit); build it with `mvn package`");
        }
        try (Stream<Path> scripts = Files.list(abs.resolve("bin"))) {
            scripts.forEach(s -> s.toFile().setExecutable(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new SparkHome(abs);
    }

    public String classpath() {
        return root.resolve("conf") + ":" + root.resolve("jars") + "/*";
    }

    /**
     * The classpath of the warm SQL gateway: the Spark Connect JVM client ({@code connect-client/}) first,
     * then the jars it shares with Spark, and the SQL runner's jar (the gateway lives there).
     */
    public String connectClientClasspath() {
        return String.join(File.pathSeparator, root.resolve("conf").toString(), root.resolve("connect-client") + "/*",
                root.resolve("jars") + "/*", sqlRunnerJar().toString());
    }

    /** Whether the Spark home has what warm SQL engines need: Connect's server in jars/ and its client. */
    public boolean hasSparkConnect() {
        try (Stream<Path> jars = Files.list(root.resolve("jars"));
             Stream<Path> client = Files.isDirectory(root.resolve("connect-client"))
                     ? Files.list(root.resolve("connect-client")) : Stream.empty()) {
            return jars.anyMatch(j -> j.getFileName().toString().startsWith("spark-connect_"))
                    && client.anyMatch(j -> j.getFileName().toString().startsWith("spark-connect-client-jvm"));
        } catch (IOException e) {
            return false;
        }
    }

    public Path sqlRunnerJar() {
        return root.resolve(SQL_RUNNER_JAR);
    }

    /** The listener that prints a driver's final progress; a Spark home without Sparkport's jars has none. */
    public java.util.Optional<Path> progressListenerJar() {
        Path jar = root.resolve(LISTENER_JAR);
        return Files.isRegularFile(jar) ? java.util.Optional.of(jar) : java.util.Optional.empty();
    }

    /** PySpark ships as python/lib/pyspark.zip in a Spark distribution; the assembled home has none. */
    public boolean hasPySpark() {
        return Files.isRegularFile(root.resolve("python/lib/pyspark.zip"));
    }
}
