package io.sparkport.cluster.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Spark home the local backend runs daemons and drivers from: {@code jars/}, {@code bin/spark-submit},
 * {@code conf/}, the project's own applications under {@code sparkport/} and the class data archive
 * {@code cds/spark.jsa}. The build assembles one under {@code target/spark-home}; a full Spark distribution
 * works too (without progress reports and without the archive).
 */
public record SparkHome(Path root, boolean classDataSharing) {

    public static final String SQL_RUNNER_JAR = "sparkport/sparkport-sql-runner.jar";
    /** In jars/: every driver has it on its classpath, and the listener acts where spark.extraListeners names it. */
    public static final String LISTENER_JAR = "jars/sparkport-listener.jar";
    public static final String CLASS_DATA_ARCHIVE = "cds/spark.jsa";

    /** Checks the layout and makes the scripts executable (Maven's resource copy drops the bit). */
    public static SparkHome open(Path root) {
        return open(root, true);
    }

    /** @param classDataSharing whether its JVMs map the class data archive (when it has one) */
    public static SparkHome open(Path root, boolean classDataSharing) {
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
        return new SparkHome(abs, classDataSharing);
    }

    /**
     * The classpath of the daemons, the very one Spark's launcher gives drivers and executors ({@code conf/}, then
     * slf4j-api's jar, then {@code jars/*}): the class data archive maps only into JVMs whose classpath starts
     * with the one it was written with.
     */
    public String classpath() {
        List<String> entries = new ArrayList<>();
        entries.add(root.resolve("conf") + File.separator);
        try (Stream<Path> jars = Files.list(root.resolve("jars"))) {
            jars.map(j -> j.getFileName().toString()).filter(n -> n.startsWith("slf4j-api-") && n.endsWith(".jar"))
                    .findFirst().ifPresent(n -> entries.add(root.resolve("jars").resolve(n).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entries.add(root.resolve("jars") + File.separator + "*");
        return String.join(File.pathSeparator, entries);
    }

    /**
     * The JVM options that map the home's class data archive (Spark's classes, already parsed and verified),
     * none when the home has no archive or sharing is off. The archive is mapped at the address it was written
     * for: JDK 17 builds that relocate it by default (ArchiveRelocationMode=1, for address-space randomisation)
     * patch its pointers in place, which copies about 120 MB of it into every JVM's private memory instead of
     * sharing the file's pages between all of them.
     */
    public List<String> classDataOptions() {
        Path archive = root.resolve(CLASS_DATA_ARCHIVE);
        return classDataSharing && Files.isRegularFile(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0")
                : List.of();
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

    /** Whether drivers can load the listener that reports their progress; a home without Sparkport's jars cannot. */
    public boolean hasProgressListener() {
        return Files.isRegularFile(root.resolve(LISTENER_JAR));
    }

    /** PySpark ships as python/lib/pyspark.zip in a Spark distribution; the assembled home has none. */
    public boolean hasPySpark() {
        return Files.isRegularFile(root.resolve("python/lib/pyspark.zip"));
    }
}
