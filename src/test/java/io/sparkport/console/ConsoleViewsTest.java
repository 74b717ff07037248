package io.sparkport.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.sparkport.cluster.timeline.Sample;
import io.sparkport.cluster.timeline.TimelineSeries;
import io.sparkport.job.Job;
import io.sparkport.job.JobState;
import io.sparkport.job.JobType;
import io.sparkport.sql.SqlResult;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The view models built from real domain objects: what a page will say. */
class ConsoleViewsTest {

    static Job job(JobState state) {
        Job j = new Job();
        j.id = "j1";
        j.pool = "demo";
        j.type = JobType.SQL;
        j.sql = "SELECT 1";
        j.state = state;
        j.cores = 1;
        j.executorMemoryMb = 512;
        j.args = List.of();
        j.pyFiles = List.of();
        j.conf = Map.of();
        j.createdAt = Instant.parse("2026-11-27T02:00:00Z");
        return j;
    }

    @Test
    void historyFollowsTheJobsTimestamps() {
        Job j = job(JobState.SUCCEEDED);
        j.startedAt = Instant.parse("2026-11-27T02:00:03Z");
        j.finishedAt = Instant.parse("2026-11-27T02:01:10Z");
        List<JobDetail.Step> steps = JobDetail.history(j);
        assertEquals(List.of("Submitted (QUEUED)", "Driver started (STARTING, then RUNNING)", "Ended SUCCEEDED"),
                steps.stream().map(JobDetail.Step::what).toList());
        assertEquals("waited 3 s", steps.get(1).after());
        assertEquals("ran 1 min 07 s", steps.get(2).after());

        Job queued = job(JobState.CANCELLED);
        queued.finishedAt = Instant.parse("2026-11-27T02:00:09Z");
        assertEquals("after 9 s", JobDetail.history(queued).get(1).after());

        Job running = job(JobState.RUNNING);
        running.startedAt = Instant.parse("2026-11-27T02:00:03Z");
        running.cancelRequested = true;
        assertEquals("Now RUNNING (cancel requested)", JobDetail.history(running).get(2).what());
    }

    @Test
    void resultCellsKnowNullsAndNumbers() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        SqlResult r = new SqlResult(List.of(new SqlResult.Column("Hair", "string"), new SqlResult.Column("n", "bigint"),
                new SqlResult.Column("avg", "decimal(10,2)")),
                List.of(Arrays.asList(f.textNode("Brown"), f.numberNode(286), f.nullNode())), 1, false, "results/j1/");
        JobDetail.Result view = JobDetail.result(r);
        assertEquals(List.of(false, true, true), view.columns().stream().map(JobDetail.Column::numeric).toList());
        assertEquals(List.of("Brown", "286", "NULL"), view.rows().get(0).stream().map(JobDetail.Cell::text).toList());
        assertTrue(view.rows().get(0).get(2).isNull());
        assertFalse(view.truncated());
        assertEquals("results/j1/", view.resultPath());
    }

    @Test
    void aJobIsResubmittedAsTheSameRequest() {
        Job j = job(JobState.FAILED);
        j.name = "totals";
        j.priority = 3;
        j.scheduleId = "s1";
        var request = JobDetails.again(j);
        assertEquals("demo", request.pool());
        assertEquals("SQL", request.type());
        assertEquals("SELECT 1", request.sql());
        assertEquals("totals", request.name());
        assertEquals("512m", request.executorMemory());
        assertEquals(3, request.priority());
    }

    @Test
    void timelineRowsAreNewestFirstWithoutTheRepeatedNow() {
        var t = TimelineSeries.build("p", Instant.parse("2026-11-27T01:00:00Z"), Instant.parse("2026-11-27T04:00:00Z"),
                null, List.of(new Sample(Instant.parse("2026-11-27T02:00:00Z"), "STARTING", 0, 2, 0, 2, 2),
                        new Sample(Instant.parse("2026-11-27T02:00:30Z"), "READY", 2, 2, 2, 0, 2)), List.of());
        List<PoolDetail.TimelineRow> rows = PoolDetail.timelineRows(t);
        assertEquals(List.of("2026-11-27 02:00:30 UTC", "2026-11-27 02:00:00 UTC"),
                rows.stream().map(PoolDetail.TimelineRow::at).toList());
        assertEquals(2, rows.get(0).current());
    }
}
