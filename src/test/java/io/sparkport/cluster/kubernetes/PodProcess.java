package io.sparkport.cluster.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One container of a pod as a real process: its command and args in a mount namespace of its own, where each
 * volume's directory and each image directory is bind-mounted at the path the pod spec names (so paths in the
 * command, the env and Spark's own configuration mean the same as in the container), started in its working
 * directory with exactly the environment given, its output (stdout and stderr) in one log file, in a session of
 * its own so that stopping it stops everything it started (a worker's executors).
 */
final class PodProcess {

    /** Binds each (source, target) pair, changes into the working directory, then becomes the command. */
    private static final String SCRIPT = """
            set -e
            n=$1; shift
            while [ "$n" -gt 0 ]; do mount --bind "$1" "$2"; shift 2; n=$((n-1)); done
            cd "$1"; shift
            exec "$@"
            """;

    private final Process process;
    private final Path log;

    private PodProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param mounts container path to host directory; a mount over a path that holds the sources of others (such
     *               as {@code /tmp}) is bound last
     */
    static PodProcess start(List<String> argv, Map<String, String> env, Map<String, Path> mounts, String workingDir,
                            Path log) {
        List<String> command = new ArrayList<>(List.of("setsid", "unshare", "--mount", "--propagation", "private",
                "/bin/sh", "-c", SCRIPT, "sh", String.valueOf(mounts.size())));
        for (Map.Entry<String, Path> m : boundLastIfCovering(mounts).entrySet()) {
            command.add(m.getValue().toAbsolutePath().toString());
            command.add(m.getKey());
        }
        command.add(workingDir == null ? "/" : workingDir);
        command.addAll(argv);
        try {
            for (String target : mounts.keySet()) {
                Files.createDirectories(Path.of(target)); // a mount point must exist (it stays empty out here)
            }
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().clear();
            builder.environment().putAll(env);
            return new PodProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
    }

    /** The mounts in binding order: a target under which other sources lie goes after them. */
    static Map<String, Path> boundLastIfCovering(Map<String, Path> mounts) {
        Map<String, Path> first = new LinkedHashMap<>();
        Map<String, Path> last = new LinkedHashMap<>();
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            boolean covers = mounts.values().stream()
                    .anyMatch(source -> source.toAbsolutePath().startsWith(Path.of(m.getKey())));
            (covers ? last : first).put(m.getKey(), m.getValue());
        }
        first.putAll(last);
        return first;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The exit code, or null while it runs. */
    Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** SIGTERM to the whole session, SIGKILL to what remains after the grace period. */
    void stop(long graceMillis) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        signal("TERM");
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        for (ProcessHandle p : tree) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(1, left), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        signal("KILL");
    }

    /** Kills what the container's main process left running when it ended: a container's processes end with it. */
    void killRest() {
        signal("KILL");
    }

    private void signal(String name) {
        try {
            new ProcessBuilder("kill", "-s", name, "--", "-" + process.pid())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
