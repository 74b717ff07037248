package io.sparkport.cluster.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkHomeTest {

    static final Path BUILT = Path.of(System.getProperty("sparkport.local.spark-home", "target/spark-home"));

    /** A home with jars/ and bin/spark-submit, and the class data archive when asked. */
    static SparkHome home(Path dir, boolean withArchive, boolean sharing) throws IOException {
        Files.createDirectories(dir.resolve("jars"));
        Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("bin/spark-submit"), "#!/bin/sh\n");
        Files.writeString(dir.resolve("jars/slf4j-api-2.0.17.jar"), "");
        if (withArchive) {
            Files.createDirectories(dir.resolve("cds"));
            Files.writeString(dir.resolve(SparkHome.CLASS_DATA_ARCHIVE), "");
        }
        return SparkHome.open(dir, sharing);
    }

    @Test
    void theArchiveIsMappedWhenTheHomeHasOneAndSharingIsOn(@TempDir Path dir) throws IOException {
        SparkHome home = home(dir, true, true);
        assertEquals(List.of("-XX:SharedArchiveFile=" + home.root().resolve("cds/spark.jsa"),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0"), home.classDataOptions());
    }

    @Test
    void noArchiveNoOption(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), home(dir, false, true).classDataOptions());
    }

    @Test
    void sharingOffNoOption(@TempDir Path dir) throws IOException {
        assertEquals(List.of(), home(dir, true, false).classDataOptions());
    }

    /**
     * The daemons' classpath must be the very one Spark's launcher gives drivers and executors, or one of them
     * could not map the archive the build wrote through the launcher.
     */
    @Test
    @Tag("spark")
    void daemonsGetTheLaunchersClasspath() throws Exception {
        SparkHome home = SparkHome.open(BUILT);
        ProcessBuilder launcher = new ProcessBuilder(Daemons.javaBin(), "-cp", home.root().resolve("jars") + "/*",
                "org.apache.spark.launcher.Main", "org.apache.spark.deploy.master.Master")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        launcher.environment().putAll(Daemons.sparkEnvironment(home));
        Process process = launcher.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertEquals(0, process.waitFor());
        List<String> command = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\0"));
        int cp = command.indexOf("-cp");
        assertTrue(cp >= 0, "the launcher's command: " + command);
        assertEquals(command.get(cp + 1), home.classpath());
    }
}
