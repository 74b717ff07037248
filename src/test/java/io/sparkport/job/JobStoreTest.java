package io.sparkport.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Checked transitions in the database: terminal states stay, also under concurrent events; retries. */
@QuarkusTest
class JobStoreTest {

    @Inject
    JobStore store;

    @Test
    void aFinishedJobNeverMovesAgain() {
        String id = StoredJobs.queued(3);
        assertTrue(store.starting(id, "hash"));
        assertTrue(store.transition(id, JobState.RUNNING, null, "app-1"));
        assertTrue(store.transition(id, JobState.SUCCEEDED, null, null));
        assertFalse(store.transition(id, JobState.RUNNING, null, null));
        assertFalse(store.transition(id, JobState.FAILED, "late", null));
        assertFalse(store.starting(id, "hash"));
        assertEquals(JobStore.Failed.UNCHANGED, store.fail(id, "late failure", null, true));
        Job job = StoredJobs.read(id);
        assertEquals(JobState.SUCCEEDED, job.state);
        assertNull(job.failureReason);
        assertNull(job.tokenHash, "the job's token dies with the job");
        assertEquals(1, job.attempts.size());
        assertEquals("SUCCEEDED", job.attempts.get(0).outcome());
    }

    @Inject
    JobService service;

    /** A cancel that races the job's start (a READY engine takes a SQL job at once) is never an error. */
    @Test
    void aCancelRacingTheJobsStartIsWrittenOnTheFreshRow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String id = StoredJobs.queued(0);
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> start = pool.submit(() -> {
                    go.await();
                    return store.starting(id, "hash");
                });
                Future<Job> cancel = pool.submit(() -> {
                    go.await();
                    return service.cancel(id);
                });
                go.countDown();
                boolean started = start.get();
                cancel.get(); // threw the optimistic-lock failure (a 500) before
                Job job = StoredJobs.read(id);
                assertTrue(job.cancelRequested, "round " + round);
                assertEquals(started ? JobState.STARTING : JobState.CANCELLED, job.state, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentEventsEndAJobExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 10; round++) {
                String id = StoredJobs.queued(0);
                assertTrue(store.starting(id, "hash"));
                CountDownLatch go = new CountDownLatch(1);
                List<Callable<Boolean>> events = new ArrayList<>();
                for (JobState s : List.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)) {
                    events.add(() -> {
                        go.await();
                        return store.transition(id, s, "event " + s, null);
                    });
                }
                events.add(() -> {
                    go.await();
                    return store.fail(id, "driver failed", null, true) == JobStore.Failed.FAILED;
                });
                events.add(() -> {
                    go.await();
                    store.transition(id, JobState.RUNNING, null, "app");
                    return false;
                });
                List<Future<Boolean>> results = new ArrayList<>();
                events.forEach(e -> results.add(pool.submit(e)));
                go.countDown();
                int ended = 0;
                for (Future<Boolean> r : results) {
                    ended += r.get() ? 1 : 0;
                }
                Job job = StoredJobs.read(id);
                assertEquals(1, ended, "one event ended job " + id + " (" + job.state + ")");
                assertTrue(job.state.isTerminal(), job.state.name());
                assertEquals(1, job.attempts.size());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedAttemptIsQueuedAgainAfterABackoffUntilTheRetriesAreUsedUp() throws Exception {
        String id = StoredJobs.queued(2);
        assertTrue(store.starting(id, "h1"));
        assertEquals(JobStore.Failed.RETRY, store.fail(id, "boom 1", "app-1", true));
        Job job = StoredJobs.read(id);
        assertEquals(JobState.QUEUED, job.state);
        assertEquals(2, job.attempt);
        assertNotNull(job.notBefore);
        assertTrue(job.notBefore.isAfter(Instant.now()), "waits out its backoff");
        assertNull(job.tokenHash);
        assertNull(job.failureReason);
        assertNotNull(job.startedAt, "the first start stays");
        assertEquals(List.of("RETRIED"), job.attempts.stream().map(JobAttempt::outcome).toList());
        assertEquals("boom 1", job.attempts.get(0).reason());
        assertFalse(store.starting(id, "h2"), "not before the backoff is over");

        Thread.sleep(1100); // the test profile's first backoff: 1 s
        assertTrue(store.starting(id, "h2"));
        assertEquals(JobStore.Failed.RETRY, store.fail(id, "boom 2", null, true));
        Thread.sleep(2100); // doubled
        assertTrue(store.starting(id, "h3"));
        assertEquals(JobStore.Failed.FAILED, store.fail(id, "boom 3", null, true));
        job = StoredJobs.read(id);
        assertEquals(JobState.FAILED, job.state);
        assertEquals("boom 3", job.failureReason);
        assertEquals(3, job.attempt);
        assertEquals(List.of("RETRIED", "RETRIED", "FAILED"), job.attempts.stream().map(JobAttempt::outcome).toList());
    }

    @Test
    void aCancelledOrUnretryableFailureIsNotRetried() {
        String id = StoredJobs.queued(3);
        assertTrue(store.starting(id, "h"));
        assertEquals(JobStore.Failed.FAILED, store.fail(id, "timed out", null, false));
        String other = StoredJobs.queued(3);
        assertTrue(store.starting(other, "h"));
        StoredJobs.requestCancel(other);
        assertEquals(JobStore.Failed.FAILED, store.fail(other, "killed", null, true));
    }

    @Test
    void aRetryIsOnlyMadeThroughFail() {
        String id = StoredJobs.queued(3);
        assertTrue(store.starting(id, "h"));
        assertFalse(store.transition(id, JobState.QUEUED, null, null));
        assertEquals(JobState.STARTING, StoredJobs.read(id).state);
    }
}
