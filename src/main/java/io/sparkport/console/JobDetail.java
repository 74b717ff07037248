package io.sparkport.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkport.cluster.progress.JobProgress;
import io.sparkport.job.Job;
import io.sparkport.job.JobState;
import io.sparkport.pool.MemorySize;
import io.sparkport.sql.SqlResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the job page (and the SQL page's answer) shows, as text ready for the template: what was asked,
 * where the job is in its life, its progress, the tail of its driver log and, for a succeeded SQL job, its result.
 */
public record JobDetail(JobRow row, boolean finished, boolean sql, String sqlText, String application,
                        String resources, String failureReason, String sparkAppId, List<Step> history,
                        Progress progress, String log, int logLines, Result result, String resultNote) {

    static final int LOG_LINES = 200;
    static final int RESULT_ROWS = 500;
    private static final Set<String> NUMERIC = Set.of("tinyint", "smallint", "int", "integer", "bigint", "float",
            "double", "long", "short", "byte");

    /** One step of the job's life: what happened, when, and how long after the step before. */
    public record Step(String what, String at, String iso, String after) {
    }

    public record Progress(int stagesDone, int stagesTotal, int tasksDone, int tasksTotal, int jobsDone, int jobsTotal,
                           List<String> activeStages, String observed) {
    }

    public record Result(List<Column> columns, List<List<Cell>> rows, long rowCount, boolean truncated, int shown,
                         String resultPath) {
    }

    public record Column(String name, String type, boolean numeric) {
    }

    public record Cell(String text, boolean isNull, boolean numeric) {
    }

    static JobDetail of(Job j, JobProgress progress, List<String> logTail, SqlResult result, String resultNote) {
        List<String> log = logTail.size() > LOG_LINES ? logTail.subList(logTail.size() - LOG_LINES, logTail.size()) : logTail;
        return new JobDetail(JobRow.of(j), j.state.isTerminal(), j.sql != null, j.sql, application(j),
                resources(j), j.failureReason, j.sparkAppId, history(j), progress(progress), String.join("\n", log),
                log.size(), result == null ? null : result(result), resultNote);
    }

    private static String application(Job j) {
        if (j.appResource == null) {
            return null;
        }
        String args = j.args == null || j.args.isEmpty() ? "" : " " + String.join(" ", j.args);
        return j.appResource + (j.mainClass == null ? "" : " (" + j.mainClass + ")") + args;
    }

    private static String resources(Job j) {
        return j.cores + (j.cores == 1 ? " core, " : " cores, ") + new MemorySize(j.executorMemoryMb).toSpark()
                + " per executor" + (j.driverMemoryMb == null ? "" : ", driver " + new MemorySize(j.driverMemoryMb).toSpark())
                + ", priority " + j.priority;
    }

    /** The job's life from its timestamps: submitted, driver started, ended (the job keeps no other history). */
    static List<Step> history(Job j) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("Submitted (QUEUED)", ConsoleFormat.time(j.createdAt), ConsoleFormat.iso(j.createdAt), ""));
        if (j.startedAt != null) {
            steps.add(new Step("Driver started (STARTING, then RUNNING)", ConsoleFormat.time(j.startedAt),
                    ConsoleFormat.iso(j.startedAt), "waited " + ConsoleFormat.between(j.createdAt, j.startedAt)));
        }
        if (j.finishedAt != null) {
            String after = j.startedAt != null ? "ran " + ConsoleFormat.between(j.startedAt, j.finishedAt)
                    : "after " + ConsoleFormat.between(j.createdAt, j.finishedAt);
            steps.add(new Step("Ended " + j.state, ConsoleFormat.time(j.finishedAt), ConsoleFormat.iso(j.finishedAt), after));
        } else if (j.state != JobState.QUEUED) {
            steps.add(new Step("Now " + j.state + (j.cancelRequested ? " (cancel requested)" : ""), "", "", ""));
        }
        return steps;
    }

    static Progress progress(JobProgress p) {
        if (p == null) {
            return null;
        }
        return new Progress(p.stages().completed(), p.stages().total(), p.tasks().completed(), p.tasks().total(),
                p.jobs() == null ? 0 : p.jobs().completed(), p.jobs() == null ? 0 : p.jobs().total(),
                p.activeStages() == null ? List.of() : p.activeStages(), ConsoleFormat.time(p.observedAt()));
    }

    static Result result(SqlResult r) {
        List<Column> columns = r.columns().stream()
                .map(c -> new Column(c.name(), c.type(), numeric(c.type()))).toList();
        List<List<Cell>> rows = r.rows().stream().limit(RESULT_ROWS).map(row -> {
            List<Cell> cells = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                cells.add(cell(row.get(i), i < columns.size() && columns.get(i).numeric()));
            }
            return cells;
        }).toList();
        return new Result(columns, rows, r.rowCount(), r.truncated() || r.rows().size() > RESULT_ROWS, rows.size(),
                r.resultPath());
    }

    private static Cell cell(JsonNode v, boolean numeric) {
        if (v == null || v.isNull()) {
            return new Cell("NULL", true, numeric);
        }
        return new Cell(v.isValueNode() ? v.asText() : v.toString(), false, numeric);
    }

    static boolean numeric(String type) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return NUMERIC.contains(t) || t.startsWith("decimal");
    }
}
