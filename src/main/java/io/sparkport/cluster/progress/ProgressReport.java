package io.sparkport.cluster.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pure: the counts a driver reports, {@code {"stages":{"completed":C,"total":T},"tasks":{...},"jobs":{...},
 * "activeStages":["name",...],"appId":"app-..."}}, written by the listener Sparkport adds to every driver (spark-apps'
 * {@code ProgressListener}). While the application runs the listener POSTs them to the service; at its end it
 * prints them into the driver log after {@value #MARKER}, where the last such line wins.
 */
public final class ProgressReport {

    public static final String MARKER = "[sparkport] final progress ";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProgressReport() {
    }

    /** The final counts in a driver log, if the driver printed any. */
    public static Optional<JobProgress> findInLog(List<String> logLines, Instant observedAt) {
        for (int i = logLines.size() - 1; i >= 0; i--) {
            int at = logLines.get(i).indexOf(MARKER);
            if (at >= 0) {
                try {
                    return parse(MAPPER.readTree(logLines.get(i).substring(at + MARKER.length())), observedAt);
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** A report, or empty when it lacks one of the three counts; unknown fields are ignored. */
    public static Optional<JobProgress> parse(JsonNode report, Instant observedAt) {
        if (report == null || !report.path("stages").isObject() || !report.path("tasks").isObject()
                || !report.path("jobs").isObject()) {
            return Optional.empty();
        }
        List<String> active = new ArrayList<>();
        report.path("activeStages").forEach(name -> {
            if (name.isTextual()) {
                active.add(name.asText());
            }
        });
        return Optional.of(new JobProgress(count(report.path("stages")), count(report.path("tasks")), List.copyOf(active),
                count(report.path("jobs")), observedAt));
    }

    /**
     * The application id the report carries ({@code "appId"}, sent once the driver registered with its master):
     * how a backend that cannot ask the driver itself (a driver pod) learns it. Anything but a plain id is ignored.
     */
    public static Optional<String> appId(JsonNode report) {
        String id = report == null ? "" : report.path("appId").asText("");
        return id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}") ? Optional.of(id) : Optional.empty();
    }

    private static JobProgress.Count count(JsonNode node) {
        return JobProgress.Count.of(node.path("completed").asInt(), node.path("total").asInt());
    }
}
