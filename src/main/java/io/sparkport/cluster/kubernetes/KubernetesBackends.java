package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.sparkport.SparkportConfig;
import io.sparkport.pool.MemorySize;
import io.sparkport.SparkportException;
import io.sparkport.cluster.PoolKick;
import io.sparkport.cluster.local.MasterStatus;
import io.sparkport.job.JobFiles;
import jakarta.enterprise.event.Event;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Builds the Kubernetes backend: API clients (in-cluster, KUBECONFIG or the configured file), informers
 * synced before the first pass (restart recovery reads them), and the leader election.
 */
public final class KubernetesBackends {

    private static final Logger LOG = Logger.getLogger(KubernetesBackends.class);
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(60);
    static final int CALL_TIMEOUT_MILLIS = 30_000;

    private KubernetesBackends() {
    }

    public static KubernetesBackend create(SparkportConfig config, Event<PoolKick> kicks) {
        SparkportConfig.Kubernetes k = config.kubernetes();
        KubernetesSettings settings = KubernetesSettings.of(k);
        ApiClient calls = client(k.kubeconfig().orElse(null), CALL_TIMEOUT_MILLIS);
        ApiClient watches = client(k.kubeconfig().orElse(null), 0);
        JobFiles files = new JobFiles(config);
        String identity = identity();
        KubeApi proxy = new KubeApi(calls, settings.namespace());
        java.util.function.Function<String, java.util.Optional<MasterStatus.Master>> masters =
                k.masterAccess() == SparkportConfig.Kubernetes.MasterAccess.PROXY
                        ? url -> proxy.masterJson(poolOfMasterUi(url)).flatMap(MasterStatus::parse)
                        : MasterStatus::read;
        KubernetesBackend backend = create(settings, calls, watches, pool -> kicks.fire(new PoolKick(pool)), masters,
                files::log, k.leaderElection() ? new LeaderElection(k.leaseName(), identity, k.leaseDuration()) : null,
                new EngineLimits(config.sql().engine().startTimeout(),
                        MemorySize.parse("sparkport.sql.engine.client-memory", config.sql().engine().clientMemory())));
        return backend;
    }

    /** How long an engine may take to be ready, and the heap of the gateway beside it. */
    public record EngineLimits(Duration startTimeout, MemorySize gatewayMemory) {
        public static final EngineLimits DEFAULT = new EngineLimits(Duration.ofMinutes(2), new MemorySize(256));
    }

    /** How a replica takes part in leader election; null for a single replica that always leads. */
    public record LeaderElection(String leaseName, String identity, Duration leaseDuration) {
    }

    /** The backend over given clients; tests call this with clients of their own API server. */
    public static KubernetesBackend create(KubernetesSettings settings, ApiClient calls, ApiClient watches,
                                           java.util.function.Consumer<String> onPoolChange,
                                           java.util.function.Function<String, java.util.Optional<MasterStatus.Master>> masters,
                                           java.util.function.Function<String, Path> logFiles,
                                           LeaderElection election, EngineLimits engineLimits) {
        List<AutoCloseable> resources = new ArrayList<>();
        KubeCaches caches = new KubeCaches(watches, settings.namespace(), onPoolChange);
        resources.add(caches);
        caches.start(SYNC_TIMEOUT);
        BooleanSupplier leads = () -> true;
        if (election != null) {
            LeaderGate gate = new LeaderGate(calls, settings.namespace(), election.leaseName(), election.identity(),
                    election.leaseDuration(), () -> { });
            resources.add(0, gate);
            gate.start();
            leads = gate::isLeader;
        }
        LOG.infof("Kubernetes backend: namespace %s, image %s, PVC access %s%s", settings.namespace(), settings.image(),
                settings.accessMode(), election == null ? "" : ", leader election as " + election.identity());
        KubeApi api = new KubeApi(calls, settings.namespace());
        FileServers fileServers = new FileServers(settings, api, caches);
        return new KubernetesBackend(settings, api, caches, masters, leads, logFiles, resources, fileServers,
                new FileServerStorage(settings, fileServers, new PoolFileClient(PoolFileClient.http())),
                new SqlEngines(settings, api, caches, engineLimits.startTimeout(), engineLimits.gatewayMemory(),
                        java.time.Clock.systemUTC()));
    }

    static ApiClient client(Path kubeconfig, int readTimeoutMillis) {
        try {
            ApiClient client;
            if (kubeconfig != null) {
                try (Reader reader = Files.newBufferedReader(kubeconfig)) {
                    client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(reader)).build();
                }
            } else {
                client = ClientBuilder.standard().build();
            }
            client.setReadTimeout(readTimeoutMillis);
            return client;
        } catch (IOException e) {
            throw new SparkportException(SparkportException.Kind.BACKEND,
                    "cannot configure the Kubernetes client" + (kubeconfig == null ? "" : " from " + kubeconfig)
                            + ": " + e.getMessage(), e);
        }
    }

    /** The pool of a master UI URL built by {@link KubeNames#masterUiUrl}. */
    static String poolOfMasterUi(String url) {
        String prefix = "http://sparkport-";
        return url.substring(prefix.length(), url.indexOf("-master-0."));
    }

    /** The pod's name in a cluster (HOSTNAME), else a random one. */
    static String identity() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "sparkport-" + UUID.randomUUID() : host;
    }
}
