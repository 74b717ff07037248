package io.sparkport.files;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One request and its answer, with what its log line reports: the status, the bytes of the body (received
 * for an upload, sent otherwise) and the message of a failure. (The JDK 17 server keeps "exchange"
 * attributes per context, not per exchange, so this state lives here.)
 */
final class Exchange {

    private final HttpExchange http;
    private int status = -1;
    private long bytes;
    private boolean upload;
    private String failure;

    Exchange(HttpExchange http) {
        this.http = http;
    }

    String method() {
        return http.getRequestMethod();
    }

    String rawPath() {
        return http.getRequestURI().getRawPath();
    }

    String rawQuery() {
        return http.getRequestURI().getRawQuery();
    }

    String header(String name) {
        return http.getRequestHeaders().getFirst(name);
    }

    InputStream body() {
        return http.getRequestBody();
    }

    void responseHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    /** Whether the answer's headers went out already. */
    boolean answered() {
        return status >= 0;
    }

    void json(int status, String json) throws IOException {
        responseHeader("Content-Type", "application/json; charset=utf-8");
        send(status, json.getBytes(StandardCharsets.UTF_8));
    }

    void text(int status, String text) throws IOException {
        responseHeader("Content-Type", "text/plain; charset=utf-8");
        send(status, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Headers only: a 204, or a HEAD answer (whose Content-Length the caller set). */
    void empty(int status) throws IOException {
        headers(status, -1);
    }

    /** Sends the headers of a body of the given length; the caller writes exactly that many bytes. */
    OutputStream stream(int status, long length) throws IOException {
        // The JDK's server takes 0 to mean chunked and -1 to mean no body (Content-Length: 0).
        headers(status, length == 0 ? -1 : length);
        if (!upload) {
            bytes = length;
        }
        return http.getResponseBody();
    }

    /** An upload logs the bytes it received rather than those of its answer. */
    void received(long count) {
        upload = true;
        bytes = count;
    }

    void failed(String message) {
        failure = message;
    }

    void close() {
        http.close();
    }

    String logLine(long millis) {
        String query = rawQuery() == null ? "" : "?" + rawQuery();
        return Instant.now() + " " + method() + " " + rawPath() + query + " " + (answered() ? status : "-") + " "
                + bytes + " bytes " + millis + " ms" + (failure == null ? "" : ": " + failure);
    }

    private void send(int status, byte[] body) throws IOException {
        try (OutputStream out = stream(status, body.length)) {
            out.write(body);
        }
    }

    private void headers(int status, long length) throws IOException {
        this.status = status;
        http.sendResponseHeaders(status, length);
    }
}
