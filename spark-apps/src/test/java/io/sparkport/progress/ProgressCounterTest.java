package io.sparkport.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressCounterTest {

    @Test
    void nothingRanNothingCounted() {
        assertEquals("{\"stages\":{\"completed\":0,\"total\":0},\"tasks\":{\"completed\":0,\"total\":0},"
                + "\"jobs\":{\"completed\":0,\"total\":0},\"activeStages\":[]}", new ProgressCounter().json());
    }

    @Test
    void aJobCountsTheStagesItRanAndEachTaskIndexOnce() {
        ProgressCounter c = new ProgressCounter();
        c.jobStarted(0, Map.of(0, 4));
        c.stageSubmitted(0, "map at Test.java:0");
        c.taskSucceeded(0, 0);
        c.taskSucceeded(0, 1);
        c.taskSucceeded(0, 1); // a speculative copy
        assertEquals("{\"stages\":{\"completed\":0,\"total\":1},\"tasks\":{\"completed\":2,\"total\":4},"
                + "\"jobs\":{\"completed\":0,\"total\":1},\"activeStages\":[\"map at Test.java:0\"]}", c.json());
        c.taskSucceeded(0, 2);
        c.taskSucceeded(0, 3);
        c.stageCompleted(0, true);
        c.jobEnded(0, true);
        assertEquals("{\"stages\":{\"completed\":1,\"total\":1},\"tasks\":{\"completed\":4,\"total\":4},"
                + "\"jobs\":{\"completed\":1,\"total\":1},\"activeStages\":[]}", c.json());
    }

    @Test
    void stagesALaterJobSkipsCountOnlyWhileItRuns() {
        ProgressCounter c = new ProgressCounter();
        c.jobStarted(0, Map.of(0, 2));
        c.stageSubmitted(0, "map at Test.java:0");
        c.taskSucceeded(0, 0);
        c.taskSucceeded(0, 1);
        c.stageCompleted(0, true);
        c.jobEnded(0, true);
        c.jobStarted(1, Map.of(1, 2, 2, 8)); // stage 1's output exists: it will be skipped
        assertEquals("{\"stages\":{\"completed\":1,\"total\":3},\"tasks\":{\"completed\":2,\"total\":12},"
                + "\"jobs\":{\"completed\":1,\"total\":2},\"activeStages\":[]}", c.json());
        c.stageSubmitted(2, "map at Test.java:2");
        for (int i = 0; i < 8; i++) {
            c.taskSucceeded(2, i);
        }
        c.stageCompleted(2, true);
        c.jobEnded(1, true);
        assertEquals("{\"stages\":{\"completed\":2,\"total\":2},\"tasks\":{\"completed\":10,\"total\":10},"
                + "\"jobs\":{\"completed\":2,\"total\":2},\"activeStages\":[]}", c.json());
    }

    @Test
    void aFailedStageLeavesItsJobIncomplete() {
        ProgressCounter c = new ProgressCounter();
        c.jobStarted(3, Map.of(5, 2));
        c.stageSubmitted(5, "map at Test.java:5");
        c.taskSucceeded(5, 0);
        c.stageCompleted(5, false);
        c.jobEnded(3, false);
        assertEquals("{\"stages\":{\"completed\":0,\"total\":1},\"tasks\":{\"completed\":1,\"total\":2},"
                + "\"jobs\":{\"completed\":0,\"total\":1},\"activeStages\":[]}", c.json());
    }

    @Test
    void activeStagesAreListedInStageOrderWithTheirNamesEscaped() {
        ProgressCounter c = new ProgressCounter();
        c.jobStarted(0, Map.of(1, 1, 2, 1));
        c.stageSubmitted(2, "collect at \"q\\uery\".sql:2\n");
        c.stageSubmitted(1, "");
        assertTrue(c.json().endsWith(",\"activeStages\":[\"stage 1\",\"collect at \\\"q\\\\uery\\\".sql:2\\u000a\"]}"), c.json());
        c.stageCompleted(1, true);
        assertTrue(c.json().endsWith(",\"activeStages\":[\"collect at \\\"q\\\\uery\\\".sql:2\\u000a\"]}"), c.json());
    }

    @Test
    void theApplicationsIdIsReportedOnceKnown() {
        ProgressCounter c = new ProgressCounter();
        c.applicationStarted("app-20261207030000-0007");
        assertEquals("{\"stages\":{\"completed\":0,\"total\":0},\"tasks\":{\"completed\":0,\"total\":0},"
                + "\"jobs\":{\"completed\":0,\"total\":0},\"activeStages\":[],\"appId\":\"app-20261207030000-0007\"}", c.json());
    }

    @Test
    void theVersionChangesWithEveryCountedEventOnly() {
        ProgressCounter c = new ProgressCounter();
        long first = c.version();
        c.json();
        assertEquals(first, c.version());
        c.jobStarted(0, Map.of(0, 1));
        long started = c.version();
        assertNotEquals(first, started);
        c.taskSucceeded(0, 0);
        assertNotEquals(started, c.version());
    }
}
