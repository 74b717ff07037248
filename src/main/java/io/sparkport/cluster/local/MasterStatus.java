package io.sparkport.cluster.local;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads a standalone master's {@code /json/} endpoint: its workers and their use. */
public final class MasterStatus {

    /** A master that may take registrations (a new one is STANDBY until elected). */
    public static final String ALIVE = "ALIVE";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Worker(String id, String host, int port, int cores, int coresused, long memory, long memoryused, String state) {
    }

    /** A running application; {@code cores} are the cores granted to its executors. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record App(String id, String name, int cores, String state) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Master(String url, String status, List<Worker> workers, List<App> activeapps) {

        public List<App> apps() {
            return activeapps == null ? List.of() : activeapps;
        }
    }

    private MasterStatus() {
    }

    /** The master's state, or empty while it does not answer. */
    public static Optional<Master> read(String webUiUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(webUiUrl + "/json/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(MAPPER.readValue(response.body(), Master.class));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** A master's {@code /json/} body, or empty when it is not one. */
    public static Optional<Master> parse(String json) {
        try {
            return Optional.of(MAPPER.readValue(json, Master.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
