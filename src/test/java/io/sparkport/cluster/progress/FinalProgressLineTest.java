package io.sparkport.cluster.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FinalProgressLineTest {

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
                new JobProgress.Count(1, 1), NOW)), FinalProgressLine.find(log, NOW));
    }

    @Test
    void noReportOrABrokenOneIsNone() {
        assertEquals(Optional.empty(), FinalProgressLine.find(List.of("Exception in thread \"main\" boom"), NOW));
        assertEquals(Optional.empty(), FinalProgressLine.find(List.of("[sparkport] final progress {\"stages\":"), NOW));
        assertEquals(Optional.empty(), FinalProgressLine.find(List.of("[sparkport] final progress {\"stages\":{}}"), NOW));
        assertEquals(Optional.empty(), FinalProgressLine.find(List.of(), NOW));
    }
}
