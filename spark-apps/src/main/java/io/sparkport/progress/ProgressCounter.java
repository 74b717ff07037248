package io.sparkport.progress;

import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Pure: counts an application's Spark jobs, stages and tasks from scheduler events, the way Spark's UI
 * counts them per job: a job's stages are those it ran (stages whose output already existed are skipped
 * and not counted once the job ended), its tasks those of the stages it ran, each task index once.
 */
final class ProgressCounter {

    /** One Spark job: its stages with their task counts, what of them ran and completed. */
    private static final class Job {
        final Map<Integer, Integer> tasksOfStage;
        final Map<Integer, BitSet> doneTasks = new HashMap<>();
        final Set<Integer> submitted = new HashSet<>();
        final Set<Integer> completed = new HashSet<>();
        boolean ended;
        boolean succeeded;

        Job(Map<Integer, Integer> tasksOfStage) {
            this.tasksOfStage = tasksOfStage;
        }
    }

    private final Map<Integer, Job> jobs = new LinkedHashMap<>();
    private final Map<Integer, String> activeStages = new TreeMap<>();
    private long version;
    private String appId;

    /** The application's id, as its master gave it (reported with the counts, so a backend need not find it). */
    synchronized void applicationStarted(String id) {
        version++;
        appId = id;
    }

    /** @param tasksOfStage every stage of the job with its number of tasks */
    synchronized void jobStarted(int jobId, Map<Integer, Integer> tasksOfStage) {
        version++;
        jobs.put(jobId, new Job(new HashMap<>(tasksOfStage)));
    }

    synchronized void stageSubmitted(int stageId, String name) {
        version++;
        activeStages.put(stageId, name == null || name.isBlank() ? "stage " + stageId : name);
        running(stageId).forEach(j -> j.submitted.add(stageId));
    }

    synchronized void stageCompleted(int stageId, boolean succeeded) {
        version++;
        activeStages.remove(stageId);
        if (succeeded) {
            running(stageId).forEach(j -> j.completed.add(stageId));
        }
    }

    synchronized void taskSucceeded(int stageId, int index) {
        version++;
        running(stageId).forEach(j -> j.doneTasks.computeIfAbsent(stageId, s -> new BitSet()).set(index));
    }

    synchronized void jobEnded(int jobId, boolean succeeded) {
        version++;
        Job job = jobs.get(jobId);
        if (job != null) {
            job.ended = true;
            job.succeeded = succeeded;
        }
    }

    private Stream<Job> running(int stageId) {
        return jobs.values().stream().filter(j -> !j.ended && j.tasksOfStage.containsKey(stageId));
    }

    /** Grows with every event counted: equal versions mean equal counts. */
    synchronized long version() {
        return version;
    }

    /**
     * {@code {"stages":{"completed":c,"total":t},"tasks":{...},"jobs":{...},"activeStages":["name",...]}},
     * the service's progress shape; active stages in stage order; {@code "appId"} at the end once known.
     */
    synchronized String json() {
        int stagesDone = 0;
        int stagesTotal = 0;
        long tasksDone = 0;
        long tasksTotal = 0;
        int jobsDone = 0;
        for (Job job : jobs.values()) {
            jobsDone += job.succeeded ? 1 : 0;
            for (Map.Entry<Integer, Integer> stage : job.tasksOfStage.entrySet()) {
                if (job.ended && !job.submitted.contains(stage.getKey())) {
                    continue; // skipped
                }
                stagesTotal++;
                stagesDone += job.completed.contains(stage.getKey()) ? 1 : 0;
                tasksTotal += stage.getValue();
                BitSet done = job.doneTasks.get(stage.getKey());
                tasksDone += done == null ? 0 : Math.min(done.cardinality(), stage.getValue());
            }
        }
        return "{" + count("stages", stagesDone, stagesTotal) + "," + count("tasks", tasksDone, tasksTotal) + ","
                + count("jobs", jobsDone, jobs.size()) + ",\"activeStages\":" + names(activeStages.values())
                + (appId == null ? "" : ",\"appId\":" + string(appId)) + "}";
    }

    private static String names(Iterable<String> names) {
        StringBuilder json = new StringBuilder("[");
        for (String name : names) {
            json.append(json.length() > 1 ? "," : "").append(string(name));
        }
        return json.append(']').toString();
    }

    private static String string(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String count(String name, long completed, long total) {
        return "\"" + name + "\":{\"completed\":" + completed + ",\"total\":" + total + "}";
    }
}
