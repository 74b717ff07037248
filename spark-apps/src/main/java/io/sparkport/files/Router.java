package io.sparkport.files;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The file server's endpoints: {@code GET /healthz} (no token), then with the bearer token
 * {@code GET /v1/files?prefix=P} and {@code HEAD|GET|PUT|DELETE /v1/files/<path>}. Every failure is
 * answered as {@code {"message":...}} with its status; an unexpected IO error is a 500 with its reason.
 * Each request ends with one log line: time, method, raw path (still percent-encoded, so free of control
 * characters), status, bytes, milliseconds and the message of a failure.
 */
final class Router implements HttpHandler {

    static final String HEALTH = "/healthz";
    static final String FILES = "/v1/files";

    private final BearerToken token;
    private final FileListing listing;
    private final FileOperations files;
    private final FileUpload upload;
    private final Consumer<String> log;
    private final InFlight inFlight;

    Router(Path root, BearerToken token, Consumer<String> log, InFlight inFlight) {
        PoolRoot poolRoot = new PoolRoot(root);
        this.token = token;
        this.listing = new FileListing(poolRoot);
        this.files = new FileOperations(poolRoot);
        this.upload = new FileUpload(poolRoot);
        this.log = log;
        this.inFlight = inFlight;
    }

    @Override
    public void handle(HttpExchange http) {
        long start = System.nanoTime();
        Exchange exchange = new Exchange(http);
        inFlight.begin();
        try {
            route(exchange, exchange.rawPath(), exchange.method());
        } catch (HttpFailure e) {
            fail(exchange, e.status(), e.getMessage());
        } catch (IOException e) {
            fail(exchange, 500, HttpFailure.reason(e));
        } catch (RuntimeException e) {
            fail(exchange, 500, "internal error: " + HttpFailure.reason(e));
        } finally {
            exchange.close();
            inFlight.end();
            log.accept(exchange.logLine((System.nanoTime() - start) / 1_000_000));
        }
    }

    private void route(Exchange exchange, String path, String method) throws IOException {
        if (path.equals(HEALTH)) {
            allow(exchange, method, "GET");
            exchange.text(200, "ok");
            return;
        }
        if (!token.accepts(exchange.header("Authorization"))) {
            throw new HttpFailure(401, "a valid bearer token is required");
        }
        if (path.equals(FILES)) {
            allow(exchange, method, "GET");
            list(exchange);
        } else if (path.startsWith(FILES + "/")) {
            file(exchange, method, FilePath.fromRaw(path.substring(FILES.length() + 1)));
        } else {
            throw HttpFailure.notFound("no endpoint " + path);
        }
    }

    private void file(Exchange exchange, String method, FilePath path) throws IOException {
        switch (method) {
            case "HEAD" -> files.head(exchange, path);
            case "GET" -> files.get(exchange, path);
            case "PUT" -> upload.handle(exchange, path);
            case "DELETE" -> files.delete(exchange, path);
            default -> allow(exchange, method, "GET, HEAD, PUT, DELETE");
        }
    }

    private void list(Exchange exchange) throws IOException {
        String prefix = Query.parameter(exchange.rawQuery(), "prefix");
        try {
            exchange.json(200, FileListing.json(listing.list(prefix == null ? "" : prefix)));
        } catch (IOException e) {
            throw HttpFailure.serverError("list the files", e);
        }
    }

    /** 405 with an {@code Allow} header unless the method is one of the allowed (comma-separated). */
    private static void allow(Exchange exchange, String method, String allowed) {
        for (String one : allowed.split(", ")) {
            if (one.equals(method)) {
                return;
            }
        }
        exchange.responseHeader("Allow", allowed);
        throw new HttpFailure(405, "method " + method + " is not allowed here; allowed: " + allowed);
    }

    /** Answers a failure, unless the answer had begun already (a download cut off): then the connection just closes. */
    private static void fail(Exchange exchange, int status, String message) {
        exchange.failed(message);
        if (exchange.answered()) {
            return;
        }
        try {
            if ("HEAD".equals(exchange.method())) {
                exchange.empty(status);
            } else {
                exchange.json(status, Json.message(message));
            }
        } catch (IOException e) {
            // the client is gone (e.g. an upload it aborted): nothing to answer to
        }
    }
}
