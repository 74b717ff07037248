package io.sparkport.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressCounterTest {

    @Test
    void nothingRanNothingCounted() {
        assertEquals("{\"stages\":{\"completed\":0,\"total\":0},\"tasks\":{\"completed\":0,\"total\":0},"
                + "\"jobs\":{\"completed\":0,\"total\":0}}", new ProgressCounter().json());
    }

    @Test
    void aJobCountsTheStagesItRanAndEachTaskIndexOnce() {
        ProgressCounter c = new ProgressCounter();
        c.jobStarted(0, Map.of(0, 4));
        c.stageSubmitted(0);
        c.taskSucceeded(0, 0);
        c.taskSucceeded(0, 1);
        c.taskSucceeded(0, 1); // a speculative copy
        assertEquals("{\"stages\":{\"completed\":0,\"total\":1},\"tasks\":{\"completed\":2,\"total\":4},"
                + "\"jobs\":{\"completed\":0,\"total\":1}}", c.json());
        c.taskSucceeded(0, 2);
        c.taskSucceeded(0, 3);
        c.stageCompleted(0, true);
        c.jobEnded(0, true);
        assertEquals("{\"stages\":{\"completed\":1,\"total\":1},\"tasks\":{\"completed\":4,\"total\":4},"
                + "\"jobs\":{\"completed\":1,\"total\":1}}", c.json());
    }

    @Test
    void stagesALaterJobSkipsCountOnlyWhileItRuns() {
        ProgressCounter c = new ProgressCounter();
        c.jobStarted(0, Map.of(0, 2));
        c.stageSubmitted(0);
        c.taskSucceeded(0, 0);
        c.taskSucceeded(0, 1);
        c.stageCompleted(0, true);
        c.jobEnded(0, true);
        c.jobStarted(1, Map.of(1, 2, 2, 8)); // stage 1's output exists: it will be skipped
        assertEquals("{\"stages\":{\"completed\":1,\"total\":3},\"tasks\":{\"completed\":2,\"total\":12},"
                + "\"jobs\":{\"completed\":1,\"total\":2}}", c.json());
        c.stageSubmitted(2);
        for (int i = 0; i < 8; i++) {
            c.taskSucceeded(2, i);
        }
        c.stageCompleted(2, true);
        c.jobEnded(1, true);
        assertEquals("{\"stages\":{\"completed\":2,\"total\":2},\"tasks\":{\"completed\":10,\"total\":10},"
                + "\"jobs\":{\"completed\":2,\"total\":2}}", c.json());
    }

    @Test
    void aFailedStageLeavesItsJobIncomplete() {
        ProgressCounter c = new ProgressCounter();
        c.jobStarted(3, Map.of(5, 2));
        c.stageSubmitted(5);
        c.taskSucceeded(5, 0);
        c.stageCompleted(5, false);
        c.jobEnded(3, false);
        assertEquals("{\"stages\":{\"completed\":0,\"total\":1},\"tasks\":{\"completed\":1,\"total\":2},"
                + "\"jobs\":{\"completed\":0,\"total\":1}}", c.json());
    }
}
