package io.sparkport.job;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JobStateTest {

    @Test
    void followsTheLifeOfAJob() {
        assertTrue(JobState.QUEUED.canMoveTo(JobState.STARTING));
        assertTrue(JobState.STARTING.canMoveTo(JobState.RUNNING));
        assertTrue(JobState.RUNNING.canMoveTo(JobState.SUCCEEDED));
        assertTrue(JobState.RUNNING.canMoveTo(JobState.FAILED));
        assertTrue(JobState.RUNNING.canMoveTo(JobState.CANCELLED));
        assertTrue(JobState.STARTING.canMoveTo(JobState.SUCCEEDED), "a short driver may end before RUNNING is seen");
        assertTrue(JobState.QUEUED.canMoveTo(JobState.CANCELLED));
    }

    @Test
    void neverSkipsStartingNorGoesBackButForARetry() {
        assertFalse(JobState.QUEUED.canMoveTo(JobState.RUNNING));
        assertFalse(JobState.QUEUED.canMoveTo(JobState.SUCCEEDED));
        assertFalse(JobState.RUNNING.canMoveTo(JobState.STARTING));
        assertTrue(JobState.RUNNING.canMoveTo(JobState.QUEUED), "a failed attempt is queued again for its retry");
        assertTrue(JobState.STARTING.canMoveTo(JobState.QUEUED), "a failed attempt is queued again for its retry");
    }

    @ParameterizedTest
    @EnumSource(value = JobState.class, names = {"SUCCEEDED", "FAILED", "CANCELLED"})
    void terminalStatesNeverChange(JobState terminal) {
        assertTrue(terminal.isTerminal());
        for (JobState next : JobState.values()) {
            assertFalse(terminal.canMoveTo(next), terminal + " → " + next);
        }
    }

    @Test
    void onlyStartingAndRunningHoldCores() {
        assertTrue(JobState.STARTING.isActive());
        assertTrue(JobState.RUNNING.isActive());
        assertFalse(JobState.QUEUED.isActive());
        assertFalse(JobState.SUCCEEDED.isActive());
    }
}
