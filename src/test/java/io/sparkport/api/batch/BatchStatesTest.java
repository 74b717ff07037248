package io.sparkport.api.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import io.sparkport.api.kyuubi.KyuubiBatches;
import io.sparkport.api.livy.LivyBatches;
import io.sparkport.job.JobState;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every job state has its Livy and Kyuubi state, and only the states their clients know. */
class BatchStatesTest {

    /** Airflow's BatchState enum: any other value makes its LivyHook raise. */
    static final Set<String> AIRFLOW_BATCH_STATES = Set.of("not_started", "starting", "running", "idle", "busy",
            "shutting_down", "error", "dead", "killed", "success");

    @Test
    void livyStates() {
        assertEquals("starting", LivyBatches.state(JobState.QUEUED));
        assertEquals("starting", LivyBatches.state(JobState.STARTING));
        assertEquals("running", LivyBatches.state(JobState.RUNNING));
        assertEquals("success", LivyBatches.state(JobState.SUCCEEDED));
        assertEquals("dead", LivyBatches.state(JobState.FAILED));
        assertEquals("killed", LivyBatches.state(JobState.CANCELLED));
        for (JobState s : JobState.values()) {
            assertTrue(AIRFLOW_BATCH_STATES.contains(LivyBatches.state(s)), s.name());
        }
    }

    @Test
    void kyuubiStatesAndFilters() {
        assertEquals("PENDING", KyuubiBatches.state(JobState.QUEUED));
        assertEquals("RUNNING", KyuubiBatches.state(JobState.STARTING));
        assertEquals("PENDING", KyuubiBatches.appState(JobState.STARTING));
        assertEquals("FINISHED", KyuubiBatches.state(JobState.SUCCEEDED));
        assertEquals("ERROR", KyuubiBatches.state(JobState.FAILED));
        assertEquals("FAILED", KyuubiBatches.appState(JobState.FAILED));
        assertEquals("CANCELED", KyuubiBatches.state(JobState.CANCELLED));
        assertEquals("KILLED", KyuubiBatches.appState(JobState.CANCELLED));
        assertEquals(EnumSet.of(JobState.STARTING, JobState.RUNNING), KyuubiBatches.states("running"));
        assertThrows(SparkportException.class, () -> KyuubiBatches.states("CLOSED"));
    }
}
