package io.sparkport.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkport.http.JsonPost;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs the result (or error) document to the service with a bearer token ({@link JsonPost}). Connection
 * errors and 5xx answers are retried up to {@value #RETRIES} times with a short backoff;
 * any other non-2xx answer fails at once.
 */
final class ResultCallback {

    static final int RETRIES = 3;
    private static final Logger LOG = LoggerFactory.getLogger(ResultCallback.class);
    private static final long FIRST_BACKOFF_MILLIS = 500;
    private static final int TIMEOUT_MILLIS = 30_000;

    private final URI uri;
    private final String token;

    ResultCallback(String url, String token) {
        this.uri = URI.create(url);
        this.token = token == null ? "" : token;
    }

    /** Delivers {@code body}; throws {@link CallbackException} when the service did not take it. */
    void post(ObjectNode body) {
        String json = ResultJson.toString(body);
        long backoff = FIRST_BACKOFF_MILLIS;
        for (int attempt = 0; ; attempt++) {
            String failure = attempt(json);
            if (failure == null) {
                return;
            }
            if (failure.startsWith("HTTP 4") || attempt == RETRIES) {
                throw new CallbackException("Callback to " + uri + " failed: " + failure);
            }
            LOG.warn("Callback to {} failed ({}), retrying in {} ms", uri, failure, backoff);
            sleep(backoff);
            backoff *= 2;
        }
    }

    /** One POST: null when accepted, else a short description of the failure. */
    private String attempt(String json) {
        try {
            JsonPost.Answer answer = JsonPost.post(uri, token, json, TIMEOUT_MILLIS);
            if (answer.ok()) {
                LOG.info("Callback to {} answered {}", uri, answer.status());
                return null;
            }
            return "HTTP " + answer.status() + " " + abbreviate(answer.body());
        } catch (IOException e) {
            return ResultJson.reason(e);
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallbackException("Interrupted while waiting to retry the callback");
        }
    }

    /** The service did not accept the document. */
    static final class CallbackException extends RuntimeException {
        CallbackException(String message) {
            super(message);
        }
    }
}
