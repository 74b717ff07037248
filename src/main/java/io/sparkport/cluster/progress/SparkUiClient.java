package io.sparkport.cluster.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads a live driver's progress from its Spark UI REST API, giving up after a second per request. */
@ApplicationScoped
public class SparkUiClient {

    static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9._-]+");

    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public SparkUiClient(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The application's progress, or empty when the UI does not answer (not up yet, gone, or another app). */
    public Optional<JobProgress> read(String uiUrl, String appId, Instant now) {
        if (uiUrl == null || appId == null || !APP_ID.matcher(appId).matches()) {
            return Optional.empty();
        }
        String base = uiUrl + "/api/v1/applications/" + appId;
        return get(base + "/jobs")
                .flatMap(jobs -> get(base + "/stages?status=active")
                        .map(stages -> SparkUiProgress.of(jobs, stages, now)));
    }

    private Optional<JsonNode> get(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode body = mapper.readTree(response.body());
            return body.isArray() ? Optional.of(body) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
