package io.sparkport.cluster.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Pure: the final counts a driver printed at its application's end, {@value #MARKER}{@code {"stages":
 * {"completed":C,"total":T},"tasks":{...},"jobs":{...}}}, written by the listener Sparkport adds to every
 * driver (spark-apps' {@code FinalProgressListener}). The last such line of the log wins.
 */
public final class FinalProgressLine {

    public static final String MARKER = "[sparkport] final progress ";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FinalProgressLine() {
    }

    public static Optional<JobProgress> find(List<String> logLines, Instant observedAt) {
        for (int i = logLines.size() - 1; i >= 0; i--) {
            int at = logLines.get(i).indexOf(MARKER);
            if (at >= 0) {
                return parse(logLines.get(i).substring(at + MARKER.length()), observedAt);
            }
        }
        return Optional.empty();
    }

    private static Optional<JobProgress> parse(String json, Instant observedAt) {
        try {
            JsonNode report = MAPPER.readTree(json);
            if (!report.path("stages").isObject() || !report.path("tasks").isObject() || !report.path("jobs").isObject()) {
                return Optional.empty();
            }
            return Optional.of(new JobProgress(count(report.path("stages")), count(report.path("tasks")), List.of(),
                    count(report.path("jobs")), observedAt));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static JobProgress.Count count(JsonNode node) {
        return JobProgress.Count.of(node.path("completed").asInt(), node.path("total").asInt());
    }
}
