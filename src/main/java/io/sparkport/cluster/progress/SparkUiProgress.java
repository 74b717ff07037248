package io.sparkport.cluster.progress;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pure: a {@link JobProgress} from two answers of a driver's Spark UI REST API,
 * {@code /api/v1/applications/<app>/jobs} and {@code /api/v1/applications/<app>/stages?status=active}.
 *
 * <p>Counts come from the jobs, which Spark keeps small (no task metrics): a job's stages are its
 * {@code stageIds} less the ones it skipped (their output already existed), its tasks {@code numTasks}
 * less {@code numSkippedTasks}, and its completed tasks {@code numCompletedIndices} (retried or speculative
 * copies of a task count once). Skips are only known when a job ends, so a running job's totals may
 * still include stages that will be skipped; Spark's own UI shows them as pending the same way.
 */
public final class SparkUiProgress {

    static final String SUCCEEDED = "SUCCEEDED";

    private SparkUiProgress() {
    }

    public static JobProgress of(JsonNode jobs, JsonNode activeStages, Instant observedAt) {
        int jobsDone = 0;
        int stagesDone = 0;
        int stagesTotal = 0;
        int tasksDone = 0;
        int tasksTotal = 0;
        for (JsonNode job : jobs) {
            if (SUCCEEDED.equals(job.path("status").asText())) {
                jobsDone++;
            }
            stagesTotal += job.path("stageIds").size() - job.path("numSkippedStages").asInt();
            stagesDone += job.path("numCompletedStages").asInt();
            tasksTotal += job.path("numTasks").asInt() - job.path("numSkippedTasks").asInt();
            tasksDone += job.path("numCompletedIndices").asInt();
        }
        return new JobProgress(JobProgress.Count.of(stagesDone, stagesTotal), JobProgress.Count.of(tasksDone, tasksTotal),
                activeStageNames(activeStages), JobProgress.Count.of(jobsDone, jobs.size()), observedAt);
    }

    /** Names of the active stages in stage order (the UI lists newest first). */
    static List<String> activeStageNames(JsonNode stages) {
        List<JsonNode> active = new ArrayList<>();
        stages.forEach(active::add);
        active.sort(Comparator.comparingInt(s -> s.path("stageId").asInt()));
        return active.stream().map(s -> s.path("name").asText("stage " + s.path("stageId").asInt())).toList();
    }
}
