package io.sparkport.cluster.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressReportTest {

    static final Instant NOW = Instant.parse("2026-11-27T02:00:00Z");

    @Test
    void theDriversLastReportWins() {
        List<String> log = List.of(
                "26/11/27 01:40:44 INFO SparkContext: Running Spark version 4.2.0",
                "[sparkport] final progress {\"stages\":{\"completed\":0,\"total\":1},\"tasks\":{\"completed\":3,\"total\":20},"
                        + "\"jobs\":{\"completed\":0,\"total\":1}}",
                "Pi is roughly 3.142482",
                "[sparkport] final progress {\"stages\":{\"completed\":1,\"total\":1},\"tasks\":{\"completed\":20,\"total\":20},"
                        + "\"jobs\":{\"completed\":1,\"total\":1}}",
                "26/11/27 01:40:47 INFO SparkContext: Successfully stopped SparkContext");
        assertEquals(Optional.of(new JobProgress(new JobProgress.Count(1, 1), new JobProgress.Count(20, 20), List.of(),
                new JobProgress.Count(1, 1), NOW)), ProgressReport.findInLog(log, NOW));
    }

    @Test
    void noReportOrABrokenOneIsNone() {
        assertEquals(Optional.empty(), ProgressReport.findInLog(List.of("Exception in thread \"main\" boom"), NOW));
        assertEquals(Optional.empty(), ProgressReport.findInLog(List.of("[sparkport] final progress {\"stages\":"), NOW));
        assertEquals(Optional.empty(), ProgressReport.findInLog(List.of("[sparkport] final progress {\"stages\":{}}"), NOW));
        assertEquals(Optional.empty(), ProgressReport.findInLog(List.of(), NOW));
    }

    @Test
    void aLiveReportCarriesTheActiveStagesInOrderAndIgnoresWhatItDoesNotKnow() throws Exception {
        JsonNode report = new ObjectMapper().readTree("{\"stages\":{\"completed\":1,\"total\":3},"
                + "\"tasks\":{\"completed\":9,\"total\":7},\"jobs\":{\"completed\":0,\"total\":1},"
                + "\"activeStages\":[\"map at A.java:3\",\"reduce at A.java:9\",42],\"extra\":true}");
        assertEquals(Optional.of(new JobProgress(new JobProgress.Count(1, 3), new JobProgress.Count(7, 7),
                        List.of("map at A.java:3", "reduce at A.java:9"), new JobProgress.Count(0, 1), NOW)),
                ProgressReport.parse(report, NOW));
        assertEquals(Optional.empty(), ProgressReport.parse(new ObjectMapper().readTree("{\"stages\":{}}"), NOW));
    }

    @Test
    void theApplicationIdIsTakenOnlyWhenItIsAPlainId() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(Optional.of("app-20261207030000-0007"),
                ProgressReport.appId(json.readTree("{\"appId\":\"app-20261207030000-0007\"}")));
        assertEquals(Optional.empty(), ProgressReport.appId(json.readTree("{\"stages\":{}}")));
        assertEquals(Optional.empty(), ProgressReport.appId(json.readTree("{\"appId\":\"<script>\"}")));
        assertEquals(Optional.empty(), ProgressReport.appId(json.readTree("{\"appId\":{\"id\":1}}")));
    }
}
