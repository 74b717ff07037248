package io.sparkport.cluster.local;

import io.sparkport.SparkportConfig;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.PendingIncidents;
import io.sparkport.cluster.ClusterState;
import io.sparkport.cluster.DriverObservation;
import io.sparkport.cluster.DriverSpec;
import io.sparkport.cluster.PoolKick;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.sql.ResultTokens;
import io.sparkport.cluster.SqlGatewayLink;
import io.sparkport.cluster.WorkerObservation;
import io.sparkport.pool.LocalPoolStorage;
import io.sparkport.pool.PoolPolicy;
import io.sparkport.pool.PoolStorage;
import jakarta.enterprise.event.Event;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs each pool's cluster as real Spark Master and Worker processes on this machine, and drivers as
 * child processes started by SparkLauncher in client mode. Process state lives here, in memory; the
 * database keeps the intent, and the reaper removes what a crashed service left behind.
 */
public class LocalBackend implements ClusterBackend, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalBackend.class);
    private static final long STOP_GRACE_MILLIS = 5_000;
    /** The one SQL gateway of every local engine: the service's own child process ({@link GatewayProcess}). */
    static final String GATEWAY = "local";

    private final SparkportConfig config;
    private final SparkHome home;
    private final LocalPoolStorage storage;
    private final Daemons daemons;
    private final DriverLauncher launcher;
    private final Event<PoolKick> kicks;
    private final Clock clock;
    private final Map<String, LocalCluster> clusters = new ConcurrentHashMap<>();
    private final PendingIncidents incidents = new PendingIncidents();
    private final Map<String, LocalDriver> drivers = new ConcurrentHashMap<>();
    private final java.time.Duration engineStartTimeout;
    private final boolean sqlEngineSupported;
    /** Why each pool's last engine went away by itself, until another starts. */
    private final Map<String, String> engineEnds = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public LocalBackend(SparkportConfig config, SparkHome home, LocalPoolStorage storage, DriverLauncher launcher, Event<PoolKick> kicks, Clock clock) {
        this.config = config;
        this.home = home;
        this.storage = storage;
        this.engineStartTimeout = config.sql().engine().startTimeout();
        this.sqlEngineSupported = home.hasSparkConnect();
        this.daemons = new Daemons(config, home);
        this.launcher = launcher;
        this.kicks = kicks;
        this.clock = clock;
    }

    @Override
    public ClusterObservation observe(String pool) {
        LocalCluster cluster = clusters.get(pool);
        if (cluster == null) {
            return ClusterObservation.DOWN;
        }
        if (!cluster.master.alive()) {
            incidents.add(pool, "master died (" + cluster.master.exitDescription() + "), cluster stopped");
            stop(cluster);
            // A client-mode driver does not follow its master to a new cluster: stop it, so its job is retried or failed.
            drivers.values().stream().filter(d -> d.pool.equals(pool))
                    .forEach(d -> d.abort("the cluster's master died while the job ran; the cluster is recreated"));
            return ClusterObservation.DOWN;
        }
        cluster.workers.entrySet().removeIf(e -> {
            boolean dead = !e.getValue().alive();
            if (dead) {
                incidents.add(pool, "worker " + e.getValue().name() + " died (" + e.getValue().exitDescription() + ")");
                e.getValue().awaitStopped(0);
            }
            return dead;
        });
        Optional<MasterStatus.Master> status = MasterStatus.read(cluster.webUiUrl());
        cluster.masterAnswers = status.map(m -> MasterStatus.ALIVE.equals(m.status())).orElse(false);
        status.ifPresent(m -> noteEngineApp(cluster, m));
        List<WorkerObservation> workers = workers(cluster, status);
        boolean ready = workers.stream().anyMatch(WorkerObservation::alive);
        return new ClusterObservation(ready ? ClusterState.READY : ClusterState.STARTING, cluster.masterUrl(),
                cluster.webUiUrl(), workers, cluster.upSince);
    }

    @Override
    public List<String> takeIncidents(String pool) {
        return incidents.take(pool);
    }

    private static List<WorkerObservation> workers(LocalCluster cluster, Optional<MasterStatus.Master> status) {
        List<MasterStatus.Worker> registered = status.map(MasterStatus.Master::workers).orElse(List.of());
        List<WorkerObservation> out = new ArrayList<>();
        for (DaemonProcess p : cluster.workers.values()) {
            out.add(registered.stream()
                    .filter(w -> w.port() == p.port() && !"DEAD".equals(w.state()))
                    .findFirst()
                    .map(w -> new WorkerObservation(p.name(), w.state(), w.cores(), w.coresused(), w.memory(), w.memoryused()))
                    .orElse(new WorkerObservation(p.name(), WorkerObservation.STARTING, 0, 0, 0, 0)));
        }
        for (int pending = cluster.workers.size(); pending < cluster.targetWorkers; pending++) {
            out.add(new WorkerObservation("pending-" + pending, WorkerObservation.STARTING, 0, 0, 0, 0));
        }
        return out;
    }

    @Override
    public void scale(String pool, PoolPolicy policy, int workers, Collection<String> removable) {
        if (closed) {
            return;
        }
        LocalCluster cluster = clusters.computeIfAbsent(pool, p -> new LocalCluster(p, daemons.startMaster(p), clock.instant()));
        cluster.policy = policy;
        cluster.targetWorkers = workers;
        for (var it = cluster.workers.entrySet().iterator(); it.hasNext(); ) {
            DaemonProcess worker = it.next().getValue();
            if (removable.contains(worker.name())) {
                LOG.infof("pool %s: stopping idle worker %s", pool, worker.name());
                worker.stop();
                worker.awaitStopped(STOP_GRACE_MILLIS);
                it.remove();
            }
        }
        startMissingWorkers(cluster);
    }

    /** Workers start once the master answers, so that their first registration succeeds. */
    private void startMissingWorkers(LocalCluster cluster) {
        if (!cluster.masterAnswers) {
            return;
        }
        while (cluster.workers.size() < cluster.targetWorkers) {
            int ordinal = cluster.nextOrdinal();
            String name = LocalCluster.workerName(cluster.pool, ordinal);
            cluster.workers.put(ordinal, daemons.startWorker(cluster.pool, name, cluster.masterUrl(), cluster.policy));
        }
    }

    /** The engine's application on the master: its id and the cores its executors were granted. */
    private static void noteEngineApp(LocalCluster cluster, MasterStatus.Master master) {
        LocalSqlEngine engine = cluster.engine;
        if (engine == null) {
            return;
        }
        master.apps().stream().filter(a -> engine.spec.appName().equals(a.name())).findFirst().ifPresent(a -> {
            engine.appId = a.id();
            engine.cores = a.cores();
        });
    }

    @Override
    public SqlGatewayLink openSqlGateway(SqlEngineObservation engine) {
        if (!GATEWAY.equals(engine.gateway())) {
            throw new IllegalArgumentException("no local SQL gateway " + engine.gateway());
        }
        return GatewayProcess.start(home, config.dataDir().toAbsolutePath().normalize(),
                config.sql().engine().clientMemory());
    }

    @Override
    public boolean supportsSqlEngine() {
        return sqlEngineSupported;
    }

    @Override
    public boolean startSqlEngine(SqlEngineSpec spec) {
        LocalCluster cluster = clusters.get(spec.pool());
        if (closed || cluster == null) {
            return false;
        }
        synchronized (cluster) {
            if (cluster.engine != null) {
                return false;
            }
            engineEnds.remove(spec.pool());
            String token = ResultTokens.newToken();
            DaemonProcess process = daemons.startSqlEngine(spec, cluster.masterUrl(), cluster.webUiUrl(),
                    launcher.poolRoot(spec.pool()), token);
            process.process().onExit().thenRun(() -> kicks.fire(new PoolKick(spec.pool())));
            cluster.engine = new LocalSqlEngine(spec, process, clock.instant(), token);
            return true;
        }
    }

    @Override
    public void stopSqlEngine(String pool) {
        LocalCluster cluster = clusters.get(pool);
        if (cluster == null) {
            return;
        }
        synchronized (cluster) {
            LocalSqlEngine engine = cluster.engine;
            if (engine != null) {
                cluster.engine = null;
                engine.process.stop();
                engine.process.awaitStopped(STOP_GRACE_MILLIS);
            }
        }
    }

    @Override
    public SqlEngineObservation sqlEngine(String pool) {
        LocalCluster cluster = clusters.get(pool);
        LocalSqlEngine engine = cluster == null ? null : cluster.engine;
        if (engine == null) {
            return SqlEngineObservation.down(engineEnds.get(pool));
        }
        java.time.Instant now = clock.instant();
        String gone = null;
        if (!engine.process.alive()) {
            gone = "SQL engine died (" + engine.process.exitDescription() + ")";
        } else if (engine.readyAt == null && java.time.Duration.between(engine.startedAt, now).compareTo(engineStartTimeout) > 0) {
            gone = "SQL engine not ready within " + engineStartTimeout + ": stopped, the next SQL job starts another";
        }
        if (gone == null) {
            return engine.observe(now);
        }
        synchronized (cluster) {
            if (cluster.engine == engine) {
                cluster.engine = null;
                engineEnds.put(pool, gone);
                engine.process.stop();
                engine.process.awaitStopped(STOP_GRACE_MILLIS);
                incidents.add(pool, gone);
                LOG.warnf("pool %s: %s", pool, gone);
            }
        }
        return SqlEngineObservation.down(gone);
    }

    @Override
    public void tearDown(String pool) {
        LocalCluster cluster = clusters.get(pool);
        engineEnds.remove(pool);
        if (cluster != null) {
            stop(cluster);
        }
    }

    private void stop(LocalCluster cluster) {
        LOG.infof("pool %s: stopping master and %d workers", cluster.pool, cluster.workers.size());
        List<DaemonProcess> all = cluster.all();
        all.forEach(DaemonProcess::stop);
        all.forEach(p -> p.awaitStopped(STOP_GRACE_MILLIS));
        clusters.remove(cluster.pool, cluster);
    }

    @Override
    public void launchDriver(DriverSpec spec) {
        if (closed) {
            throw new IllegalStateException("the service is stopping");
        }
        if (drivers.containsKey(spec.jobId())) {
            return;
        }
        LocalCluster cluster = clusters.get(spec.pool());
        if (cluster == null) {
            throw new IllegalStateException("pool " + spec.pool() + " has no cluster to run job " + spec.jobId());
        }
        drivers.put(spec.jobId(), launcher.launch(spec, cluster.masterUrl(), () -> kicks.fire(new PoolKick(spec.pool()))));
    }

    @Override
    public DriverObservation driver(String jobId) {
        LocalDriver driver = drivers.get(jobId);
        return driver == null ? DriverObservation.UNKNOWN : driver.observe();
    }

    @Override
    public void cancelDriver(String jobId) {
        LocalDriver driver = drivers.get(jobId);
        if (driver != null) {
            driver.kill();
        }
    }

    @Override
    public void release(String jobId) {
        drivers.remove(jobId);
    }

    @Override
    public PoolStorage storage() {
        return storage;
    }

    @Override
    public boolean supportsPython() {
        return home.hasPySpark();
    }

    /** Stops every driver and cluster of ours; called on service shutdown. */
    @Override
    public void close() {
        closed = true;
        drivers.values().forEach(LocalDriver::kill);
        drivers.clear();
        clusters.values().forEach(c -> c.all().forEach(DaemonProcess::stop));
        clusters.values().forEach(c -> c.all().forEach(p -> p.awaitStopped(STOP_GRACE_MILLIS)));
        clusters.clear();
    }
}
