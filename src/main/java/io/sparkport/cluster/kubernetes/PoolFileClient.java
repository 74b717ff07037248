package io.sparkport.cluster.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkport.SparkportException;
import io.sparkport.pool.PoolFile;
import io.sparkport.pool.PoolPath;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The service's side of a pool's file server ({@code io.sparkport.files.PoolFileServer}): one HTTP call per
 * storage operation, bodies streamed both ways (an upload is sent as it is read, a download is read as the
 * caller reads it). The server's answers map to the service's: 400, 404 and 409 keep their status and the
 * server's message; anything else (the server unreachable, a 401, a 5xx) is a backend error with its reason.
 */
final class PoolFileClient {

    static final String FILES = "/v1/files";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;

    PoolFileClient(HttpClient http) {
        this.http = http;
    }

    /** HTTP/1.1 (the JDK server speaks no HTTP/2), a short connect timeout: a pod that is gone is found fast. */
    static HttpClient http() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    List<PoolFile> list(URI server, String token, String pool, String prefix) {
        URI uri = server.resolve(FILES + "?prefix=" + URLEncoder.encode(prefix == null ? "" : prefix, StandardCharsets.UTF_8));
        HttpResponse<InputStream> answer = send(pool, "list", request(uri, token).GET(), null);
        try (InputStream body = answer.body()) {
            List<PoolFile> files = new ArrayList<>();
            for (JsonNode file : JSON.readTree(body).path("files")) {
                files.add(new PoolFile(file.path("path").asText(), file.path("size").asLong(),
                        Instant.ofEpochMilli(file.path("modified").asLong())));
            }
            return files;
        } catch (IOException e) {
            throw backend("list the files of pool " + pool, e);
        }
    }

    boolean exists(URI server, String token, String pool, PoolPath path) {
        HttpRequest.Builder head = request(file(server, path), token).method("HEAD", HttpRequest.BodyPublishers.noBody());
        try {
            send(pool, path.value(), head, null).body().close();
            return true;
        } catch (SparkportException e) {
            if (e.kind() == SparkportException.Kind.NOT_FOUND) {
                return false;
            }
            throw e;
        } catch (IOException e) {
            throw backend("read " + path.value() + " in pool " + pool, e);
        }
    }

    /** The file's content as the server sends it; the caller closes it. */
    InputStream open(URI server, String token, String pool, PoolPath path) {
        return send(pool, path.value(), request(file(server, path), token).GET(), null).body();
    }

    /**
     * Sends the content to the path, replacing any file there (the server writes a temporary file and renames
     * it, so a failed upload leaves nothing). Returns true when the file is new. An exception the content stream
     * throws (a size limit) is the caller's answer.
     */
    boolean write(URI server, String token, String pool, PoolPath path, InputStream content) {
        Watched watched = new Watched(content);
        HttpRequest.Builder put = request(file(server, path), token)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> watched));
        HttpResponse<InputStream> answer = send(pool, path.value(), put, watched);
        try (InputStream body = answer.body()) {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the file is written once the status came; the rest of the answer does not matter
        }
        return answer.statusCode() == 201;
    }

    void delete(URI server, String token, String pool, PoolPath path) {
        try {
            send(pool, path.value(), request(file(server, path), token).DELETE(), null).body().close();
        } catch (IOException e) {
            throw backend("delete " + path.value() + " in pool " + pool, e);
        }
    }

    private HttpResponse<InputStream> send(String pool, String what, HttpRequest.Builder request, Watched upload) {
        HttpResponse<InputStream> answer;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            if (upload != null && upload.failure != null) {
                throw upload.failure;
            }
            throw backend("reach the file server of pool " + pool + " for " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw backend("reach the file server of pool " + pool + " for " + what, e);
        } catch (RuntimeException e) {
            if (upload != null && upload.failure != null) {
                throw upload.failure;
            }
            throw e;
        }
        if (upload != null && upload.failure != null) {
            throw upload.failure;
        }
        int status = answer.statusCode();
        if (status >= 200 && status < 300) {
            return answer;
        }
        String message = message(answer);
        throw switch (status) {
            case 400 -> SparkportException.badRequest(message);
            case 404 -> SparkportException.notFound(message.isEmpty() ? "no file '" + what + "' in pool " + pool : message);
            case 409 -> SparkportException.conflict(message);
            default -> new SparkportException(SparkportException.Kind.BACKEND, "the file server of pool " + pool
                    + " answered " + status + " for " + what + (message.isEmpty() ? "" : ": " + message));
        };
    }

    /** The server's {@code {"message":...}}, or its raw text; empty for a body-less answer (a HEAD). */
    private static String message(HttpResponse<InputStream> answer) {
        try (InputStream body = answer.body()) {
            String text = new String(body.readNBytes(16 * 1024), StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return "";
            }
            JsonNode json = JSON.readTree(text);
            return json.hasNonNull("message") ? json.get("message").asText() : text;
        } catch (IOException e) {
            return "";
        }
    }

    private static HttpRequest.Builder request(URI uri, String token) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
    }

    /** {@code /v1/files/<path>} with each segment percent-encoded as UTF-8. */
    static URI file(URI server, PoolPath path) {
        String encoded = path.segments().stream()
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
        return server.resolve(FILES + "/" + encoded);
    }

    private static SparkportException backend(String what, Exception cause) {
        return new SparkportException(SparkportException.Kind.BACKEND, "cannot " + what + ": " + reason(cause), cause);
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Remembers what the content stream threw, since the HTTP client reports it only as a failed send. */
    private static final class Watched extends FilterInputStream {
        volatile SparkportException failure;

        Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (SparkportException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (SparkportException e) {
                failure = e;
                throw e;
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }
}
