package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.models.V1Job;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.sparkport.SparkportException;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.ClusterObservation;
import io.sparkport.cluster.DriverFailure;
import io.sparkport.cluster.DriverObservation;
import io.sparkport.cluster.DriverPhase;
import io.sparkport.cluster.DriverSpec;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.cluster.SqlGatewayLink;
import io.sparkport.cluster.local.MasterStatus;
import io.sparkport.job.JobFiles;
import io.sparkport.pool.PoolPolicy;
import io.sparkport.pool.PoolStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs each pool's cluster as a master and a worker StatefulSet (with headless Services) over the pool's
 * PVC, and each driver as a batch/v1 Job. It reads what exists from the informer caches, so a restarted
 * service finds its clusters and drivers again by label; it writes through {@link KubeApi}, whose calls
 * are idempotent, so nothing is created twice.
 */
public class KubernetesBackend implements ClusterBackend, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubernetesBackend.class);
    /** Size of a pool's PVC when the backend finds it missing at cluster start (it is created with the pool). */
    static final String FALLBACK_STORAGE = "10Gi";
    /** Driver Job creations in flight at once. */
    static final int LAUNCH_THREADS = 8;
    /** How often the leader looks for driver Secrets left by a restart between a Secret and its Job. */
    static final java.time.Duration SECRET_SWEEP = java.time.Duration.ofMinutes(1);
    /** A driver Secret younger than this may belong to a Job still being created (by any replica). */
    static final java.time.Duration SECRET_GRACE = java.time.Duration.ofMinutes(2);

    private final KubernetesSettings settings;
    private final KubeApi api;
    private final KubeCaches caches;
    private final Function<String, Optional<MasterStatus.Master>> masters;
    private final BooleanSupplier leads;
    private final Function<String, Path> logFiles;
    private final Set<String> logsCopied = ConcurrentHashMap.newKeySet();
    private final List<AutoCloseable> resources;
    private final FileServers fileServers;
    private final SqlEngines engines;
    private final PoolStorage storage;
    private final Set<String> launching = ConcurrentHashMap.newKeySet();
    private final Map<String, ContainerRestarts> restarts = new ConcurrentHashMap<>();
    private final Map<String, String> launchFailures = new ConcurrentHashMap<>();
    private final ExecutorService launches = Executors.newFixedThreadPool(LAUNCH_THREADS, r -> {
        Thread t = new Thread(r, "sparkport-k8s-launch");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService sweeps = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sparkport-k8s-secret-sweep");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param masters   reads a master's {@code /json/} from its UI URL
     * @param leads     whether this replica holds the leader lease
     * @param logFiles  where a job's driver log is kept in the service's log store
     * @param resources closed with the backend (informers, leader election)
     */
    public KubernetesBackend(KubernetesSettings settings, KubeApi api, KubeCaches caches,
                             Function<String, Optional<MasterStatus.Master>> masters, BooleanSupplier leads,
                             Function<String, Path> logFiles, List<AutoCloseable> resources, FileServers fileServers,
                             PoolStorage storage, SqlEngines engines) {
        this.settings = settings;
        this.api = api;
        this.caches = caches;
        this.masters = masters;
        this.leads = leads;
        this.logFiles = logFiles;
        this.resources = resources;
        this.fileServers = fileServers;
        this.storage = storage;
        this.engines = engines;
        sweeps.scheduleWithFixedDelay(this::sweepSecrets, SECRET_SWEEP.toMillis(), SECRET_SWEEP.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public ClusterObservation observe(String pool) {
        Optional<V1StatefulSet> master = caches.statefulSet(KubeNames.master(pool));
        Optional<MasterStatus.Master> status = master.isPresent() && master.get().getMetadata().getDeletionTimestamp() == null
                ? masters.apply(KubeNames.masterUiUrl(pool, settings.namespace())) : Optional.empty();
        List<V1Pod> workerPods = caches.podsOfPool(pool).stream()
                .filter(p -> KubeNames.WORKER.equals(p.getMetadata().getLabels().get(KubeNames.COMPONENT)))
                .toList();
        engines.masterSeen(pool, status);
        return ClusterObservations.of(pool, settings.namespace(), master,
                caches.statefulSet(KubeNames.workers(pool)), workerPods, status);
    }

    /** The kubelet restarts a master or worker container that dies in place; its pod's status tells. */
    @Override
    public List<String> takeIncidents(String pool) {
        List<V1Pod> clusterPods = caches.podsOfPool(pool).stream()
                .filter(p -> Set.of(KubeNames.WORKER, KubeNames.MASTER).contains(p.getMetadata().getLabels().get(KubeNames.COMPONENT)))
                .toList();
        List<String> found = new ArrayList<>(restarts.compute(pool, (p, before) ->
                ContainerRestarts.of(before == null ? ContainerRestarts.NONE : before, clusterPods)).incidents());
        found.addAll(engines.takeIncidents(pool));
        found.forEach(i -> LOG.warnf("pool %s: %s", pool, i));
        return found;
    }

    @Override
    public void scale(String pool, PoolPolicy policy, int workers, Collection<String> removable) {
        if (caches.statefulSet(KubeNames.master(pool)).isEmpty()) {
            startMaster(pool);
        }
        Optional<V1StatefulSet> existing = caches.statefulSet(KubeNames.workers(pool));
        if (existing.isEmpty()) {
            api.create(ClusterObjects.workerService(settings, pool));
            if (api.create(ClusterObjects.workers(settings, pool, policy, workers))) {
                LOG.infof("pool %s: created worker StatefulSet with %d replicas", pool, workers);
            }
            return;
        }
        V1StatefulSet current = existing.get();
        int replicas = current.getSpec().getReplicas() == null ? 1 : current.getSpec().getReplicas();
        updateTemplate(pool, current, ClusterObjects.workers(settings, pool, policy, replicas));
        WorkerPlan plan = WorkerPlan.of(pool, replicas, workers, removable);
        if (plan.replicas() != replicas) {
            LOG.infof("pool %s: scaling workers %d→%d through /scale", pool, replicas, plan.replicas());
            api.scale(KubeNames.workers(pool), plan.replicas());
        }
        for (String pod : plan.deletePods()) {
            LOG.infof("pool %s: deleting idle worker %s for replacement", pool, pod);
            api.deletePod(pod);
        }
    }

    private void startMaster(String pool) {
        if (api.pvc(KubeNames.pvc(pool)).isEmpty()) {
            LOG.warnf("pool %s: PVC %s was missing; creating it with %s", pool, KubeNames.pvc(pool), FALLBACK_STORAGE);
            api.create(ClusterObjects.pvc(settings, pool, FALLBACK_STORAGE));
        }
        api.create(ClusterObjects.masterService(settings, pool));
        if (api.create(ClusterObjects.master(settings, pool))) {
            LOG.infof("pool %s: created master StatefulSet", pool);
        }
    }

    /** A policy change reaches the worker template; running pods keep theirs until replaced (OnDelete). */
    private void updateTemplate(String pool, V1StatefulSet current, V1StatefulSet desired) {
        String want = desired.getMetadata().getAnnotations().get(KubeNames.SPEC_HASH);
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        if (annotations != null && Objects.equals(want, annotations.get(KubeNames.SPEC_HASH))) {
            return;
        }
        LOG.infof("pool %s: worker template changed (policy edited); updating the StatefulSet", pool);
        V1StatefulSet update = KubeJson.read(KubeJson.write(current), V1StatefulSet.class);
        update.getMetadata().setAnnotations(desired.getMetadata().getAnnotations());
        update.getSpec().setTemplate(desired.getSpec().getTemplate());
        update.setStatus(null);
        api.replace(update);
    }

    @Override
    public void tearDown(String pool) {
        LOG.infof("pool %s: deleting the cluster's StatefulSets and Services (the PVC stays)", pool);
        api.deleteStatefulSet(KubeNames.workers(pool));
        api.deleteStatefulSet(KubeNames.master(pool));
        api.deleteService(KubeNames.workers(pool));
        api.deleteService(KubeNames.master(pool));
        engines.tearDown(pool);
    }

    /**
     * Creates the driver's token Secret, then its Job, in the background (a pass may admit hundreds of jobs; their
     * creations overlap instead of queueing behind each other). Until the Job exists the driver is STARTING; a
     * refusal makes it FAILED with Kubernetes' reason. The Secret comes first, so that the pod never waits for it;
     * a restart in between leaves a Secret without a Job, which {@link #sweepSecrets} deletes.
     */
    @Override
    public void launchDriver(DriverSpec spec) {
        String name = KubeNames.job(spec.jobId());
        if (caches.job(name).isPresent() || !launching.add(spec.jobId())) {
            return;
        }
        V1Job job;
        V1Secret secret;
        try {
            job = DriverJobs.job(settings, spec);
            secret = DriverJobs.tokenSecret(settings, spec);
        } catch (RuntimeException e) {
            launching.remove(spec.jobId());
            throw e;
        }
        launches.execute(() -> {
            try {
                if (!api.create(secret)) {
                    // left by an earlier attempt of the job: it holds that attempt's token, not this one's
                    api.deleteSecret(secret.getMetadata().getName());
                    api.create(secret);
                }
                if (api.create(job)) {
                    LOG.infof("job %s: driver Job %s created in pool %s", spec.jobId(), name, spec.pool());
                }
            } catch (RuntimeException e) {
                LOG.errorf("job %s (pool %s): driver Job not created: %s", spec.jobId(), spec.pool(), e.getMessage());
                launchFailures.put(spec.jobId(), e.getMessage());
            } finally {
                launching.remove(spec.jobId());
            }
        });
    }

    @Override
    public DriverObservation driver(String jobId) {
        String failure = launchFailures.get(jobId);
        if (failure != null) {
            return new DriverObservation(DriverPhase.FAILED, null, "driver launch failed: " + failure, null);
        }
        String name = KubeNames.job(jobId);
        Optional<V1Job> job = caches.job(name);
        if (job.isEmpty() && launching.contains(jobId)) {
            return new DriverObservation(DriverPhase.STARTING, null, null, null);
        }
        job = job.or(() -> api.job(name));
        if (job.isEmpty()) {
            return DriverObservation.UNKNOWN;
        }
        DriverStatus status = DriverStatus.of(job.get(), caches.podsOfJob(jobId));
        return switch (status.phase()) {
            case RUNNING -> new DriverObservation(DriverPhase.RUNNING, null, null,
                    status.podIp() == null ? null : "http://" + status.podIp() + ":" + KubeNames.DRIVER_UI_PORT);
            case SUCCEEDED -> {
                copyLog(jobId, status.podName());
                yield new DriverObservation(DriverPhase.SUCCEEDED, null, null, null);
            }
            case FAILED -> {
                copyLog(jobId, status.podName());
                yield new DriverObservation(DriverPhase.FAILED, null, failureReason(jobId, status), null);
            }
            default -> new DriverObservation(DriverPhase.STARTING, null, null, null);
        };
    }

    /** The driver's own words when its log has them, else the Job's failure condition, else the exit code. */
    private String failureReason(String jobId, DriverStatus status) {
        int exit = status.exitCode() == null ? -1 : status.exitCode();
        String fromLog = DriverFailure.reason(JobFiles.tail(logFiles.apply(jobId)), exit);
        boolean logSaysWhy = !fromLog.equals(DriverFailure.reason(List.of(), exit));
        if (!logSaysWhy && status.jobReason() != null) {
            return "Kubernetes Job failed: " + status.jobReason()
                    + (status.jobMessage() == null ? "" : ": " + status.jobMessage());
        }
        return fromLog;
    }

    /** Copies the driver pod's log into the service's log store once, so that it outlives the pod. */
    private void copyLog(String jobId, String podName) {
        if (!logsCopied.add(jobId)) {
            return;
        }
        Path file = logFiles.apply(jobId);
        String text;
        if (podName == null) {
            text = "[sparkport] the driver Job ended without a pod; no driver log\n";
        } else {
            try {
                text = api.podLog(podName);
            } catch (SparkportException e) {
                LOG.warnf("job %s: driver log not copied: %s", jobId, e.getMessage());
                text = "[sparkport] driver log unavailable: " + e.getMessage() + "\n";
            }
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text == null ? "" : text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            logsCopied.remove(jobId);
            throw new SparkportException(SparkportException.Kind.BACKEND,
                    "cannot store the driver log of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void cancelDriver(String jobId) {
        LOG.infof("job %s: deleting driver Job (background propagation) and its Secret", jobId);
        api.deleteJob(KubeNames.job(jobId));
        api.deleteSecret(KubeNames.jobSecret(jobId));
    }

    /** The job ended: its token goes with its Secret (the Job itself stays for its TTL, with its logs). */
    @Override
    public void release(String jobId) {
        logsCopied.remove(jobId);
        launchFailures.remove(jobId);
        api.deleteSecret(KubeNames.jobSecret(jobId));
    }

    /**
     * The leader deletes driver Secrets whose Job does not exist and that are older than {@link #SECRET_GRACE}:
     * what a restart between creating a Secret and its Job leaves, or a release a crash cut short.
     */
    void sweepSecrets() {
        if (!leads()) {
            return;
        }
        try {
            Set<String> jobs = new java.util.HashSet<>();
            caches.jobs().forEach(j -> jobs.add(j.getMetadata().getName()));
            java.time.OffsetDateTime before = java.time.OffsetDateTime.now().minus(SECRET_GRACE);
            for (String name : DriverSecrets.orphans(api.secrets(KubeNames.COMPONENT + "=" + KubeNames.DRIVER), jobs,
                    launching, before)) {
                LOG.infof("deleting driver Secret %s: its Job does not exist", name);
                api.deleteSecret(name);
            }
        } catch (RuntimeException e) {
            LOG.warnf("driver Secret sweep failed: %s", e.getMessage());
        }
    }

    @Override
    public boolean supportsSqlEngine() {
        return true;
    }

    @Override
    public boolean startSqlEngine(SqlEngineSpec spec) {
        return engines.start(spec);
    }

    @Override
    public void stopSqlEngine(String pool) {
        engines.stop(pool);
    }

    @Override
    public SqlEngineObservation sqlEngine(String pool) {
        return engines.observe(pool);
    }

    @Override
    public SqlGatewayLink openSqlGateway(SqlEngineObservation engine) {
        return engines.open(engine.gateway());
    }

    @Override
    public PoolStorage storage() {
        return storage;
    }

    @Override
    public boolean supportsPython() {
        return settings.python();
    }

    @Override
    public boolean leads() {
        return leads.getAsBoolean();
    }

    @Override
    public void createStorage(String pool, String size) {
        if (api.create(ClusterObjects.pvc(settings, pool, size))) {
            LOG.infof("pool %s: created PVC %s (%s, %s)", pool, KubeNames.pvc(pool), size, settings.accessMode());
        }
    }

    @Override
    public void deleteStorage(String pool) {
        LOG.infof("pool %s: deleting PVC %s with the pool", pool, KubeNames.pvc(pool));
        api.deletePvc(KubeNames.pvc(pool));
        fileServers.delete(pool);
    }

    @Override
    public void close() {
        sweeps.shutdownNow();
        launches.shutdown();
        try {
            launches.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("a Kubernetes backend resource did not close cleanly", e);
            }
        }
    }
}
