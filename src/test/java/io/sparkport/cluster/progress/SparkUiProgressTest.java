package io.sparkport.cluster.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Progress from real answers of a Spark 4.2 driver UI, recorded while the SQL runner ran
 * {@code SELECT Hair, Eye, SUM(Freq) ... GROUP BY Hair, Eye ORDER BY n DESC} (adaptive execution: one Spark
 * job per query stage, later jobs skipping the stages earlier ones ran).
 */
class SparkUiProgressTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-11-27T01:02:17Z");

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = SparkUiProgressTest.class.getResourceAsStream("/spark-ui/" + name)) {
            return MAPPER.readTree(in);
        }
    }

    static JsonNode json(String text) throws IOException {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    @Test
    void aRunningQueryCountsItsJobsLessWhatTheySkipped() throws IOException {
        JobProgress p = SparkUiProgress.of(fixture("sql-running-jobs.json"), fixture("sql-running-active-stages.json"), NOW);
        // job 6 runs [10, 11, 12] (18 tasks, 7 done); jobs 0-5 ended, 3-5 each skipping stages of earlier jobs
        assertEquals(new JobProgress.Count(6, 9), p.stages());
        assertEquals(new JobProgress.Count(28, 39), p.tasks());
        assertEquals(new JobProgress.Count(6, 7), p.jobs());
        assertEquals(List.of("$anonfun$withThreadLocalCaptured$1 at CompletableFuture.java:1768"), p.activeStages());
        assertEquals(NOW, p.observedAt());
    }

    @Test
    void aFinishedQueryHasEverythingCompleted() throws IOException {
        JobProgress p = SparkUiProgress.of(fixture("sql-final-jobs.json"), fixture("sql-final-active-stages.json"), NOW);
        assertEquals(new JobProgress.Count(10, 10), p.stages());
        assertEquals(new JobProgress.Count(55, 55), p.tasks());
        assertEquals(new JobProgress.Count(10, 10), p.jobs());
        assertEquals(List.of(), p.activeStages());
    }

    @Test
    void anApplicationWithoutJobsYetHasNothingToCount() throws IOException {
        JobProgress p = SparkUiProgress.of(json("[]"), json("[]"), NOW);
        assertEquals(new JobProgress.Count(0, 0), p.stages());
        assertEquals(new JobProgress.Count(0, 0), p.tasks());
        assertEquals(new JobProgress.Count(0, 0), p.jobs());
    }

    @Test
    void aFailedJobLeavesItsStagesIncomplete() throws IOException {
        JobProgress p = SparkUiProgress.of(json("""
                [{'jobId': 1, 'status': 'FAILED', 'stageIds': [1, 2], 'numTasks': 12, 'numSkippedTasks': 0,
                  'numCompletedIndices': 9, 'numCompletedStages': 1, 'numSkippedStages': 0, 'numFailedStages': 1},
                 {'jobId': 0, 'status': 'SUCCEEDED', 'stageIds': [0], 'numTasks': 1, 'numSkippedTasks': 0,
                  'numCompletedIndices': 1, 'numCompletedStages': 1, 'numSkippedStages': 0}]"""), json("[]"), NOW);
        assertEquals(new JobProgress.Count(2, 3), p.stages());
        assertEquals(new JobProgress.Count(10, 13), p.tasks());
        assertEquals(new JobProgress.Count(1, 2), p.jobs());
    }

    @Test
    void activeStagesComeInStageOrderAndCountsNeverExceedTheirTotal() throws IOException {
        JobProgress p = SparkUiProgress.of(json("""
                [{'jobId': 0, 'status': 'RUNNING', 'stageIds': [0, 1], 'numTasks': 4, 'numSkippedTasks': 0,
                  'numCompletedIndices': 5, 'numCompletedStages': 0, 'numSkippedStages': 0}]"""),
                json("[{'stageId': 7, 'name': 'count at B.java:2'}, {'stageId': 3, 'name': 'map at A.java:1'},"
                        + " {'stageId': 9}]"), NOW);
        assertEquals(List.of("map at A.java:1", "count at B.java:2", "stage 9"), p.activeStages());
        assertEquals(new JobProgress.Count(4, 4), p.tasks());
    }
}
