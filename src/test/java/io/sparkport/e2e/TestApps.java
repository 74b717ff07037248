package io.sparkport.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Small misbehaving applications for fault tests, compiled into a jar at test time (plain Java mains: a
 * driver is whatever spark-submit starts): {@code Fail} throws, {@code Sleep} sleeps for its argument in
 * seconds, {@code Hog} fills its heap until it runs out of memory.
 */
final class TestApps {

    static final String FAIL = "faults.Fail";
    static final String SLEEP = "faults.Sleep";
    static final String HOG = "faults.Hog";

    private static final String FAIL_SRC = "package faults; public class Fail { public static void main(String[] a) {"
            + " throw new IllegalStateException(\"boom: this application always fails\"); } }";
    private static final String SLEEP_SRC = "package faults; public class Sleep { public static void main(String[] a)"
            + " throws Exception { Thread.sleep(1000L * Long.parseLong(a[0])); } }";
    private static final String HOG_SRC = "package faults; public class Hog { public static void main(String[] a) {"
            + " java.util.List<long[]> kept = new java.util.ArrayList<>();"
            + " while (true) { kept.add(new long[1 << 20]); } } }";

    private TestApps() {
    }

    static Path jar() throws IOException {
        Path dir = Files.createTempDirectory("sparkport-test-apps");
        Path src = Files.createDirectories(dir.resolve("src/faults"));
        List<Path> sources = List.of(write(src, "Fail", FAIL_SRC), write(src, "Sleep", SLEEP_SRC), write(src, "Hog", HOG_SRC));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String[] args = Stream.concat(Stream.of("--release", "17", "-d", classes.toString()),
                sources.stream().map(Path::toString)).toArray(String[]::new);
        if (javac.run(null, null, null, args) != 0) {
            throw new IllegalStateException("the test applications do not compile");
        }
        Path jar = dir.resolve("faults.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path c : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
                Files.copy(c, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static Path write(Path dir, String name, String source) throws IOException {
        return Files.writeString(dir.resolve(name + ".java"), source, StandardCharsets.UTF_8);
    }
}
