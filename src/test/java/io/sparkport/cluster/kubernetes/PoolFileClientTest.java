package io.sparkport.cluster.kubernetes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import io.sparkport.pool.PoolFile;
import io.sparkport.pool.PoolPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's client against the real file server: its jar from the assembled Spark home, run as a process on
 * a loopback port, as a file-server pod runs it.
 */
class PoolFileClientTest {

    static final Path JAR = ProcessCluster.SPARK_HOME.resolve("sparkport/sparkport-files.jar");
    static final String TOKEN = "file-token-1";

    @TempDir
    Path root;
    Process server;
    URI uri;
    final PoolFileClient client = new PoolFileClient(PoolFileClient.http());

    @BeforeEach
    void start() throws Exception {
        server = startServer("PT30S");
    }

    @AfterEach
    void stop() throws Exception {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
    }

    Process startServer(String idle) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder("java", "-Xmx32m", "-cp", JAR.toString(), KubeNames.FILES_SERVER_CLASS,
                "--root", root.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1", "--idle-exit", idle)
                .redirectErrorStream(true).redirectOutput(root.resolveSibling(root.getFileName() + ".log").toFile());
        pb.environment().put(FileServerObjects.TOKEN_ENV, TOKEN);
        Process p = pb.start();
        uri = URI.create("http://127.0.0.1:" + port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the file server did not listen on " + port);
    }

    @Test
    void writeListOpenAndDeleteRoundTrip() throws Exception {
        PoolPath path = PoolPath.parse("raw/2026/sales data.csv");
        assertTrue(client.write(uri, TOKEN, "sales", path, stream("a,b\n1,2\n")));
        assertFalse(client.write(uri, TOKEN, "sales", path, stream("a,b\n3,4\n")), "a replaced file is not new");
        assertEquals("a,b\n3,4\n", Files.readString(root.resolve("raw/2026/sales data.csv")));
        assertTrue(client.exists(uri, TOKEN, "sales", path));

        List<PoolFile> files = client.list(uri, TOKEN, "sales", "raw/");
        assertEquals(1, files.size());
        assertEquals("raw/2026/sales data.csv", files.get(0).path());
        assertEquals(8, files.get(0).size());
        assertEquals(Files.getLastModifiedTime(root.resolve("raw/2026/sales data.csv")).toMillis(),
                files.get(0).modified().toEpochMilli());
        assertEquals(List.of(), client.list(uri, TOKEN, "sales", "other/"));

        try (InputStream in = client.open(uri, TOKEN, "sales", path)) {
            assertEquals("a,b\n3,4\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        client.delete(uri, TOKEN, "sales", path);
        assertFalse(client.exists(uri, TOKEN, "sales", path));
        assertFalse(Files.exists(root.resolve("raw/2026/sales data.csv")));
    }

    @Test
    void aLargeUploadStreamsThroughAndComesBackWhole() throws Exception {
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        InputStream sixtyFourMiB = new InputStream() {
            long left = 64L << 20;

            @Override
            public int read() {
                return left-- > 0 ? block[(int) (left % block.length)] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, Math.min(left, block.length));
                System.arraycopy(block, 0, b, off, n);
                left -= n;
                return n;
            }
        };
        assertTrue(client.write(uri, TOKEN, "sales", PoolPath.parse("big.bin"), sixtyFourMiB));
        assertEquals(64L << 20, Files.size(root.resolve("big.bin")));
        try (InputStream in = client.open(uri, TOKEN, "sales", PoolPath.parse("big.bin"))) {
            byte[] first = in.readNBytes(block.length);
            assertArrayEquals(block, first);
            assertEquals((64L << 20) - block.length, in.transferTo(java.io.OutputStream.nullOutputStream()));
        }
    }

    @Test
    void theServersRefusalsKeepTheirMeaning() throws Exception {
        assertEquals(SparkportException.Kind.NOT_FOUND,
                kind(() -> client.open(uri, TOKEN, "sales", PoolPath.parse("missing.csv"))));
        assertEquals(SparkportException.Kind.NOT_FOUND,
                kind(() -> client.delete(uri, TOKEN, "sales", PoolPath.parse("missing.csv"))));
        client.write(uri, TOKEN, "sales", PoolPath.parse("a.csv"), stream("x"));
        SparkportException conflict = assertThrows(SparkportException.class,
                () -> client.write(uri, TOKEN, "sales", PoolPath.parse("a.csv/b.csv"), stream("y")));
        assertEquals(SparkportException.Kind.CONFLICT, conflict.kind());
        assertTrue(conflict.getMessage().contains("a.csv"), conflict.getMessage());

        Files.createSymbolicLink(root.resolve("link"), root.getParent());
        assertEquals(SparkportException.Kind.BAD_REQUEST,
                kind(() -> client.open(uri, TOKEN, "sales", PoolPath.parse("link/secret"))));

        SparkportException wrongToken = assertThrows(SparkportException.class,
                () -> client.list(uri, "not-the-token", "sales", ""));
        assertEquals(SparkportException.Kind.BACKEND, wrongToken.kind());
        assertTrue(wrongToken.getMessage().contains("401"), wrongToken.getMessage());
    }

    @Test
    void aLimitTheContentHitsIsTheAnswerAndLeavesNothing() throws Exception {
        InputStream limited = new java.io.FilterInputStream(stream("x".repeat(100_000))) {
            long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                if (read > 50_000) {
                    throw SparkportException.tooLarge("the upload is larger than 50000 bytes");
                }
                return n;
            }
        };
        SparkportException e = assertThrows(SparkportException.class,
                () -> client.write(uri, TOKEN, "sales", PoolPath.parse("too/big.csv"), limited));
        assertEquals(SparkportException.Kind.TOO_LARGE, e.kind());
        Thread.sleep(300); // the server sees the connection close and drops its temporary file
        try (Stream<Path> left = Files.walk(root)) {
            assertEquals(List.of(), left.filter(Files::isRegularFile).toList());
        }
    }

    @Test
    void anIdleServerExitsAndAGoneOneIsAConnectFailure() throws Exception {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
        server = startServer("PT1S");
        client.write(uri, TOKEN, "sales", PoolPath.parse("a.csv"), stream("x"));
        assertTrue(server.waitFor(15, TimeUnit.SECONDS), "the server exits once idle");
        assertEquals(0, server.exitValue());
        SparkportException gone = assertThrows(SparkportException.class,
                () -> client.exists(uri, TOKEN, "sales", PoolPath.parse("a.csv")));
        assertEquals(SparkportException.Kind.BACKEND, gone.kind());
        assertInstanceOf(ConnectException.class, gone.getCause());
    }

    static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    static SparkportException.Kind kind(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(SparkportException.class, call).kind();
    }
}
