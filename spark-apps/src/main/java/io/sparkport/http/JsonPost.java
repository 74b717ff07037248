package io.sparkport.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One JSON POST to the service with the job's bearer token, on the JDK's {@code HttpURLConnection}: a driver
 * reports back a few times in its life, and {@code java.net.http.HttpClient} would initialise TLS (the
 * default SSLContext and its trust store) even for a plain-HTTP URL, which costs a loaded 2-core machine
 * most of a second per driver.
 */
public final class JsonPost {

    /** The answer: status and body (the error body for 4xx/5xx). */
    public record Answer(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    private JsonPost() {
    }

    public static Answer post(URI uri, String token, String json, int timeoutMillis) throws IOException {
        HttpURLConnection http = (HttpURLConnection) uri.toURL().openConnection();
        http.setConnectTimeout(timeoutMillis);
        http.setReadTimeout(timeoutMillis);
        http.setRequestMethod("POST");
        http.setDoOutput(true);
        http.setRequestProperty("Content-Type", "application/json");
        if (token != null && !token.isEmpty()) {
            http.setRequestProperty("Authorization", "Bearer " + token);
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        http.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = http.getOutputStream()) {
            out.write(body);
        }
        int status = http.getResponseCode();
        try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
            // Reading the body to its end lets the connection be kept alive for the next report.
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
