package io.sparkport.cluster.local;

import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finds the Spark processes this service's data directory owns by a marker flag on their command line,
 * so a service restarted after a crash can stop what the previous one left running.
 */
public final class ProcessReaper {

    private static final Logger LOG = Logger.getLogger(ProcessReaper.class);
    private static final String FLAG = "-Dio.sparkport.owner=";
    /** Names the pool on a daemon's command line, so its processes can be found (and checked gone). */
    static final String POOL_FLAG = "-Dio.sparkport.pool=";

    private ProcessReaper() {
    }

    /** The flag that marks a process the service over {@code dataDir} starts (daemons, drivers, the SQL gateway). */
    public static String ownerFlag(Path dataDir) {
        return FLAG + dataDir.toAbsolutePath().normalize();
    }

    static List<ProcessHandle> owned(Path dataDir) {
        String flag = ownerFlag(dataDir);
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(flag)).orElse(false))
                .toList();
    }

    /** Kills every owned process; returns how many there were. */
    static int reap(Path dataDir) {
        List<ProcessHandle> orphans = owned(dataDir);
        for (ProcessHandle p : orphans) {
            LOG.warnf("stopping leftover Spark process %d: %s", p.pid(), p.info().commandLine().orElse("?"));
            p.destroyForcibly();
        }
        // Gone before anything new starts: a driver of the previous run never overlaps its job's next attempt.
        for (ProcessHandle p : orphans) {
            try {
                p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                LOG.warnf("leftover Spark process %d did not exit within 10 s", p.pid());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return orphans.size();
    }
}
