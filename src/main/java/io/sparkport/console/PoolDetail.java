package io.sparkport.console;

import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.WorkerObservation;
import io.sparkport.cluster.timeline.PoolTimeline;
import io.sparkport.cluster.timeline.Timeline;
import io.sparkport.engine.ClientSessions;
import io.sparkport.pool.Pool;
import io.sparkport.pool.PoolEvent;
import io.sparkport.pool.PoolFile;
import io.sparkport.pool.PoolPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the pool page shows, as text ready for the template. */
public record PoolDetail(PoolRow row, String policy, String idleTimeout, String scaleDownDelay, String masterUrl,
                         String upSince, String demand, List<WorkerRow> workers, List<FileRow> files, int filesHidden,
                         List<EventRow> events, List<JobRow> jobs, String timelineJson, List<TimelineRow> timeline,
                         int timelineHidden, List<Window> windows, String window, String windowIso,
                         String sparkConnectUrl, List<SessionRow> sessions) {

    static final int MAX_FILES = 200;
    static final int MAX_TIMELINE_ROWS = 120;

    public record WorkerRow(String id, String state, String cores, String memory) {
    }

    public record FileRow(String path, String size, String modified, String href) {
    }

    /** An open Spark Connect client session. */
    public record SessionRow(String id, String user, String since, String lastActivity, int activeCalls) {
    }

    public record EventRow(String at, String iso, String kind, String message) {
    }

    public record TimelineRow(String at, String state, int current, int desired, int running, int queued, int cores) {
    }

    /** A choice of the timeline's window: its key in {@code ?window=}, its words, whether it is shown. */
    public record Window(String key, String label, boolean current) {
    }

    static PoolDetail of(Pool pool, Optional<PoolTimeline.Pass> pass, List<PoolFile> files, List<PoolEvent> events,
                         List<JobRow> jobs, Timeline timeline, String timelineJson, Map<String, Duration> windows,
                         String window, String sparkConnectUrl, List<ClientSessions.View> sessions) {
        PoolPolicy p = pool.policy();
        String policy = p.minWorkers() + "–" + p.maxWorkers() + " workers of " + p.workerCores()
                + (p.workerCores() == 1 ? " core, " : " cores, ") + p.workerMemory().toSpark();
        List<WorkerRow> workers = pass.map(x -> x.cluster().workers().stream().map(PoolDetail::worker).toList())
                .orElse(List.of());
        boolean up = pass.map(x -> x.cluster().state() != ClusterState.DOWN).orElse(false);
        List<TimelineRow> rows = timelineRows(timeline);
        return new PoolDetail(PoolRow.of(pool, pass, files), policy, p.idleTimeout().toString(),
                p.scaleDownDelay().toString(), up ? pass.get().cluster().masterUrl() : null,
                up ? ConsoleFormat.time(pass.get().cluster().upSince()) : ConsoleFormat.NONE,
                pass.map(x -> x.demand().describe()).orElse(ConsoleFormat.NONE), workers,
                files.stream().limit(MAX_FILES).map(f -> file(pool.name, f)).toList(),
                Math.max(0, files.size() - MAX_FILES),
                events.stream().map(e -> new EventRow(ConsoleFormat.time(e.at), ConsoleFormat.iso(e.at), e.kind, e.message))
                        .toList(),
                jobs, timelineJson, rows.subList(0, Math.min(rows.size(), MAX_TIMELINE_ROWS)),
                Math.max(0, rows.size() - MAX_TIMELINE_ROWS),
                windows.entrySet().stream().map(w -> new Window(w.getKey(), "last " + words(w.getValue()),
                        w.getKey().equals(window))).toList(),
                words(windows.get(window)), windows.get(window).toString(), sparkConnectUrl,
                sessions.stream().map(c -> new SessionRow(c.id(), c.user(), ConsoleFormat.time(c.since()),
                        ConsoleFormat.time(c.lastActivity()), c.activeCalls())).toList());
    }

    /** {@code 15 min}, {@code 3 h}. */
    static String words(Duration d) {
        return d.toMinutes() < 60 ? d.toMinutes() + " min" : d.toHours() + " h";
    }

    private static WorkerRow worker(WorkerObservation w) {
        return new WorkerRow(w.id(), w.state(), w.coresUsed() + " of " + w.cores(),
                w.memoryUsedMb() + " of " + w.memoryMb() + " MiB");
    }

    private static FileRow file(String pool, PoolFile f) {
        return new FileRow(f.path(), ConsoleFormat.bytes(f.size()), ConsoleFormat.time(f.modified()),
                "/api/v1/pools/" + pool + "/files/" + ConsoleFormat.pathUrl(f.path()));
    }

    /** The timeline's points as table rows, newest first (the last point is "now", a repeat: left out). */
    static List<TimelineRow> timelineRows(Timeline t) {
        List<TimelineRow> rows = new ArrayList<>();
        for (int i = t.points() - 2; i >= 0; i--) {
            Instant at = Instant.ofEpochMilli(Math.round(t.t().get(i) * 1000));
            rows.add(new TimelineRow(ConsoleFormat.time(at), t.state().get(i), t.workersCurrent().get(i),
                    t.workersDesired().get(i), t.runningJobs().get(i), t.queuedJobs().get(i), t.demandCores().get(i)));
        }
        return rows;
    }
}
