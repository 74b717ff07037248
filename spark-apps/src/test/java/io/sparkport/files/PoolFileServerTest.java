package io.sparkport.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file server in this JVM on 127.0.0.1 over a temporary root, through the JDK's HTTP client. */
class PoolFileServerTest {

    private static final String TOKEN = "t0ken";

    @TempDir
    Path root;
    @TempDir
    Path outside;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private PoolFileServer server;

    @BeforeEach
    void start() throws IOException {
        server = PoolFileServer.start(new ServerArgs(root, 0, "127.0.0.1"), TOKEN, log::add);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void healthNeedsNoToken() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/healthz")).GET());
        assertEquals(200, answer.statusCode());
        assertEquals("ok", answer.body());
        assertEquals(405, send(HttpRequest.newBuilder(uri("/healthz")).DELETE()).statusCode());
    }

    @Test
    void everythingElseNeedsTheToken() throws Exception {
        Files.writeString(root.resolve("a.csv"), "x");
        for (String token : new String[] {null, "wrong", TOKEN + "x"}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/files/a.csv")).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> answer = send(request);
            assertEquals(401, answer.statusCode(), String.valueOf(token));
            assertEquals("{\"message\":\"a valid bearer token is required\"}", answer.body());
        }
        assertEquals(401, send(HttpRequest.newBuilder(uri("/v1/files")).GET()).statusCode());
    }

    @Test
    void putCreatesThenReplacesAndGetStreamsItBack() throws Exception {
        HttpResponse<String> created = put("raw/2026/a.csv", BodyPublishers.ofString("a,b\n1,2\n"));
        assertEquals(201, created.statusCode());
        long modified = Files.getLastModifiedTime(root.resolve("raw/2026/a.csv")).toMillis();
        assertEquals("{\"path\":\"raw/2026/a.csv\",\"size\":8,\"modified\":" + modified + "}", created.body());

        HttpResponse<String> replaced = put("raw/2026/a.csv", BodyPublishers.ofString("new"));
        assertEquals(200, replaced.statusCode());
        assertTrue(replaced.body().startsWith("{\"path\":\"raw/2026/a.csv\",\"size\":3,"), replaced.body());

        HttpResponse<String> read = send(authorized("/v1/files/raw/2026/a.csv").GET());
        assertEquals(200, read.statusCode());
        assertEquals("new", read.body());
        assertEquals("3", read.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aChunkedUploadAndAnEmptyFileWork() throws Exception {
        byte[] content = new byte[200_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        // ofInputStream has no length: the body goes chunked
        assertEquals(201, put("big.bin", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content))).statusCode());
        HttpResponse<byte[]> read = http.send(authorized("/v1/files/big.bin").GET().build(), BodyHandlers.ofByteArray());
        assertEquals(content.length, read.body().length);
        assertTrue(java.util.Arrays.equals(content, read.body()));

        assertEquals(201, put("empty", BodyPublishers.noBody()).statusCode());
        HttpResponse<String> empty = send(authorized("/v1/files/empty").GET());
        assertEquals(200, empty.statusCode());
        assertEquals("", empty.body());
    }

    @Test
    void pathsArePercentDecodedOnce() throws Exception {
        assertEquals(201, put("raw%20data/sal%C3%A9s.csv", BodyPublishers.ofString("x")).statusCode());
        assertTrue(Files.isRegularFile(root.resolve("raw data/salés.csv")));
        assertTrue(send(authorized("/v1/files")).body().contains("\"path\":\"raw data/salés.csv\""));
    }

    @Test
    void headTellsTheSizeOfFilesOnly() throws Exception {
        Files.createDirectories(root.resolve("raw"));
        Files.writeString(root.resolve("raw/a.csv"), "12345");
        HttpResponse<String> head = send(authorized("/v1/files/raw/a.csv").method("HEAD", BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("5", head.headers().firstValue("Content-Length").orElseThrow());
        assertEquals(404, send(authorized("/v1/files/raw/b.csv").method("HEAD", BodyPublishers.noBody())).statusCode());
        assertEquals(404, send(authorized("/v1/files/raw").method("HEAD", BodyPublishers.noBody())).statusCode());
    }

    @Test
    void getOfAMissingFileOrAFolderIs404() throws Exception {
        Files.createDirectories(root.resolve("raw"));
        HttpResponse<String> missing = send(authorized("/v1/files/nope.csv").GET());
        assertEquals(404, missing.statusCode());
        assertEquals("{\"message\":\"no file 'nope.csv'\"}", missing.body());
        assertEquals("{\"message\":\"no file 'raw'\"}", send(authorized("/v1/files/raw").GET()).body());
        Files.writeString(root.resolve("raw/a.csv"), "x");
        assertEquals(404, send(authorized("/v1/files/raw/a.csv/b").GET()).statusCode());
    }

    @Test
    void deleteRemovesAFile() throws Exception {
        Files.writeString(root.resolve("a.csv"), "x");
        assertEquals(204, send(authorized("/v1/files/a.csv").DELETE()).statusCode());
        assertFalse(Files.exists(root.resolve("a.csv")));
        HttpResponse<String> again = send(authorized("/v1/files/a.csv").DELETE());
        assertEquals(404, again.statusCode());
        assertEquals("{\"message\":\"no file 'a.csv'\"}", again.body());
    }

    @Test
    void aFolderInTheWayOrAFileOnTheWayIs409() throws Exception {
        Files.createDirectories(root.resolve("raw/2026"));
        Files.writeString(root.resolve("raw/2026/a.csv"), "old");
        HttpResponse<String> folder = put("raw/2026", BodyPublishers.ofString("x"));
        assertEquals(409, folder.statusCode());
        assertEquals("{\"message\":\"'raw/2026' is a directory\"}", folder.body());
        HttpResponse<String> file = put("raw/2026/a.csv/b/c.csv", BodyPublishers.ofString("x"));
        assertEquals(409, file.statusCode());
        assertEquals("{\"message\":\"'raw/2026/a.csv' is a file\"}", file.body());
        assertEquals("old", Files.readString(root.resolve("raw/2026/a.csv")));
    }

    @Test
    void aSymbolicLinkOnTheWayIs400() throws Exception {
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("link.txt"), outside.resolve("secret.txt"));
        HttpResponse<String> read = send(authorized("/v1/files/out/secret.txt").GET());
        assertEquals(400, read.statusCode());
        assertEquals("{\"message\":\"path 'out/secret.txt' goes through a symbolic link\"}", read.body());
        assertEquals(400, put("out/new.txt", BodyPublishers.ofString("x")).statusCode());
        assertEquals(400, put("link.txt", BodyPublishers.ofString("x")).statusCode());
        assertEquals(400, send(authorized("/v1/files/link.txt").DELETE()).statusCode());
        assertEquals(List.of("secret.txt"), names(outside));
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
        assertEquals("{\"files\":[]}", send(authorized("/v1/files")).body()); // links are not listed or followed
    }

    @Test
    void dotDotInAnyEncodingIs400() throws Exception {
        for (String path : new String[] {"%2e%2e/x", "a/%2E%2E/%2e%2e/x", "%252e%252e/x", "a%2f..%2fb", "a//b", "/etc/passwd"}) {
            HttpResponse<String> answer = send(authorized("/v1/files/" + path).GET());
            assertEquals(400, answer.statusCode(), path);
            assertTrue(answer.body().startsWith("{\"message\":\"path "), answer.body());
        }
        // the JDK's client would keep "..", but a raw request line is sure to
        assertEquals("HTTP/1.1 400 Bad Request", rawStatusLine("GET /v1/files/../../etc/passwd"));
        assertEquals("HTTP/1.1 400 Bad Request", rawStatusLine("PUT /v1/files/a/../../x"));
        assertEquals(List.of(), names(root));
    }

    @Test
    void listingIsSortedRecursiveFilteredAndSkipsTemporaries() throws Exception {
        Files.createDirectories(root.resolve("raw/2026"));
        Files.createDirectories(root.resolve("results/j1"));
        Files.writeString(root.resolve("raw/2026/b.csv"), "bb");
        Files.writeString(root.resolve("raw/a.csv"), "a");
        Files.writeString(root.resolve("raw/2026/.sparkport-upload-123"), "partial");
        Files.writeString(root.resolve("results/j1/part-0.csv"), "r");
        Files.writeString(root.resolve("top.csv"), "t");
        Files.setLastModifiedTime(root.resolve("raw/a.csv"), java.nio.file.attribute.FileTime.fromMillis(1_733_450_000_000L));

        HttpResponse<String> all = send(authorized("/v1/files"));
        assertEquals(200, all.statusCode());
        assertEquals(List.of("raw/2026/b.csv", "raw/a.csv", "results/j1/part-0.csv", "top.csv"), paths(all.body()));
        assertTrue(all.body().contains("{\"path\":\"raw/a.csv\",\"size\":1,\"modified\":1733450000000}"), all.body());
        assertEquals(List.of("raw/2026/b.csv", "raw/a.csv"), paths(send(authorized("/v1/files?prefix=raw/")).body()));
        assertEquals(List.of("raw/2026/b.csv"), paths(send(authorized("/v1/files?prefix=raw%2F2026%2Fb")).body()));
        assertEquals(List.of("results/j1/part-0.csv"), paths(send(authorized("/v1/files?prefix=res")).body()));
        assertEquals(List.of(), paths(send(authorized("/v1/files?prefix=nothing")).body()));
        assertEquals(405, send(authorized("/v1/files").DELETE()).statusCode());
    }

    @Test
    void aMissingRootListsNothing() throws Exception {
        PoolFileServer other = PoolFileServer.start(new ServerArgs(root.resolve("never-created"), 0, "127.0.0.1"), TOKEN, log::add);
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/v1/files"))
                    .header("Authorization", "Bearer " + TOKEN).build(), BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
            assertEquals("{\"files\":[]}", answer.body());
        } finally {
            other.stop();
        }
    }

    @Test
    void anUploadCutShortLeavesNeitherTheFileNorATemporary() throws Exception {
        Files.writeString(root.resolve("kept.csv"), "old content");
        for (String name : new String[] {"new.csv", "kept.csv"}) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /v1/files/" + name + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                        + "\r\nContent-Length: 1000\r\n\r\n0123456789").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await(() -> !temporaries().isEmpty(), "the upload's temporary");
            } // closing the socket cuts the upload short
            awaitLog(line -> line.contains("PUT /v1/files/" + name + " 400 10 bytes"));
            assertEquals(List.of(), temporaries());
        }
        assertFalse(Files.exists(root.resolve("new.csv")));
        assertEquals("old content", Files.readString(root.resolve("kept.csv")));
        assertTrue(log.stream().anyMatch(line -> line.endsWith("ended early: after 10 of 1000 bytes")
                || line.contains("ended early: connection closed")), log.toString());
    }

    @Test
    void otherMethodsAndPathsAre405Or404() throws Exception {
        HttpResponse<String> post = send(authorized("/v1/files/a.csv").POST(BodyPublishers.ofString("x")));
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD, PUT, DELETE", post.headers().firstValue("Allow").orElseThrow());
        assertTrue(post.body().startsWith("{\"message\":\"method POST is not allowed"), post.body());
        HttpResponse<String> other = send(authorized("/v1/filesystem"));
        assertEquals(404, other.statusCode());
        assertEquals("{\"message\":\"no endpoint /v1/filesystem\"}", other.body());
        assertEquals(404, send(authorized("/")).statusCode());
    }

    @Test
    void anUnexpectedIoErrorIs500WithTheReason() throws Exception {
        HttpResponse<String> answer = put("n".repeat(300) + ".csv", BodyPublishers.ofString("x"));
        assertEquals(500, answer.statusCode());
        assertTrue(answer.body().contains("File name too long"), answer.body());
    }

    @Test
    void logsOneLinePerRequest() throws Exception {
        put("a.csv", BodyPublishers.ofString("12345"));
        send(authorized("/v1/files/missing"));
        awaitLog(line -> line.contains(" GET /v1/files/missing 404 "));
        assertTrue(log.stream().anyMatch(line -> line.matches(".*Z PUT /v1/files/a\\.csv 201 5 bytes \\d+ ms")), log.toString());
        assertTrue(log.stream().anyMatch(line -> line.matches(".*Z GET /v1/files/missing 404 \\d+ bytes \\d+ ms: no file 'missing'")),
                log.toString());
        assertFalse(log.stream().anyMatch(line -> line.contains(TOKEN)));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKEN);
    }

    private HttpResponse<String> put(String rawPath, BodyPublisher body) throws Exception {
        return send(authorized("/v1/files/" + rawPath).PUT(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), BodyHandlers.ofString());
    }

    /** Sends a request line as is (no client normalizes it) and returns the answer's status line. */
    private String rawStatusLine(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TOKEN
                    + "\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        }
    }

    private static List<String> paths(String listing) {
        return java.util.regex.Pattern.compile("\"path\":\"([^\"]*)\"").matcher(listing).results().map(m -> m.group(1)).toList();
    }

    private List<Path> temporaries() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".sparkport-upload-")).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void awaitLog(Predicate<String> line) throws InterruptedException {
        await(() -> log.stream().anyMatch(line), "a log line; have " + log);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited 10 s for " + what);
            }
            Thread.sleep(10);
        }
    }
}
