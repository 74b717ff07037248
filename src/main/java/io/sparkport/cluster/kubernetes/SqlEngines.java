package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.models.V1Pod;
import io.sparkport.SparkportException;
import io.sparkport.cluster.PendingIncidents;
import io.sparkport.cluster.DriverFailure;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.cluster.SqlEngineState;
import io.sparkport.cluster.SqlGatewayLink;
import io.sparkport.cluster.local.MasterStatus;
import io.sparkport.pool.MemorySize;
import io.sparkport.sql.ResultTokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The pools' warm SQL engines on Kubernetes ({@link SqlEngineObjects}): started once the pool's master answers,
 * observed from the pod (its readiness: the Connect port answers) and the master (the engine's application and
 * its granted cores), replaced when the pod ended (the reason comes from its log and exit code), and reached by
 * the service through a TCP link to the gateway in the pod, opened with the engine's token.
 */
final class SqlEngines {

    private static final Logger LOG = Logger.getLogger(SqlEngines.class);
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final KubernetesSettings settings;
    private final KubeApi api;
    private final KubeCaches caches;
    private final Duration startTimeout;
    private final MemorySize gatewayMemory;
    private final Clock clock;
    /** Why each pool's last engine went away by itself, until another starts. */
    private final Map<String, String> ends = new ConcurrentHashMap<>();
    /** An engine's end once per pod, for the pool's event log (the pod may be seen again until its deletion shows). */
    private final Map<String, String> endedPods = new ConcurrentHashMap<>();
    private final PendingIncidents incidents = new PendingIncidents();
    /** The engine's application on each pool's master, as the last observation of the cluster read it. */
    private final Map<String, MasterStatus.App> apps = new ConcurrentHashMap<>();
    /** When each engine pod (by uid) was first seen READY. */
    private final Map<String, Instant> readyAt = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final java.util.Set<String> mastersUp = ConcurrentHashMap.newKeySet();
    /** The pool of each engine's gateway address. */
    private final Map<String, String> gateways = new ConcurrentHashMap<>();

    SqlEngines(KubernetesSettings settings, KubeApi api, KubeCaches caches, Duration startTimeout,
               MemorySize gatewayMemory, Clock clock) {
        this.settings = settings;
        this.api = api;
        this.caches = caches;
        this.startTimeout = startTimeout;
        this.gatewayMemory = gatewayMemory;
        this.clock = clock;
    }

    /** What an observation of the pool's master says: whether it answers, the engine's application. */
    void masterSeen(String pool, Optional<MasterStatus.Master> master) {
        String appName = SqlEngineSpec.appName(pool);
        Optional<MasterStatus.App> app = master.flatMap(m -> m.apps().stream().filter(a -> appName.equals(a.name())).findFirst());
        app.ifPresentOrElse(a -> apps.put(pool, a), () -> apps.remove(pool));
        if (master.isPresent()) {
            mastersUp.add(pool);
        } else {
            mastersUp.remove(pool);
        }
    }

    /**
     * Starts the engine unless a pod of it lives, once the pool's master answers (an engine that cannot register
     * with its master gives up after a minute); returns whether a pod was created.
     */
    boolean start(SqlEngineSpec spec) {
        if (current(spec.pool()).isPresent() || !mastersUp.contains(spec.pool())) {
            return false;
        }
        ends.remove(spec.pool());
        token(spec.pool());
        api.create(SqlEngineObjects.service(settings, spec.pool()));
        String name = KubeNames.sqlEngine(spec.pool()) + "-" + ResultTokens.newToken().substring(0, 5).toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]", "0");
        boolean created = api.create(SqlEngineObjects.pod(settings, spec, name, gatewayMemory));
        if (created) {
            LOG.infof("pool %s: created SQL engine pod %s", spec.pool(), name);
        }
        return created;
    }

    SqlEngineObservation observe(String pool) {
        Optional<V1Pod> found = current(pool);
        if (found.isEmpty()) {
            return SqlEngineObservation.down(ends.get(pool));
        }
        V1Pod pod = found.get();
        String name = pod.getMetadata().getName();
        Instant startedAt = pod.getMetadata().getCreationTimestamp() == null ? clock.instant()
                : pod.getMetadata().getCreationTimestamp().toInstant();
        String gone = null;
        if (FileServers.ended(pod)) {
            gone = "SQL engine died (" + endOf(pod) + ")";
        } else if (!readyAt.containsKey(uid(pod)) && Duration.between(startedAt, clock.instant()).compareTo(startTimeout) > 0) {
            gone = "SQL engine not ready within " + startTimeout + " (" + FileServers.describe(pod)
                    + "): stopped, the next SQL job starts another";
        }
        if (gone != null) {
            LOG.warnf("pool %s: %s; deleting pod %s", pool, gone, name);
            ends.put(pool, gone);
            if (!uid(pod).equals(endedPods.put(pool, uid(pod)))) {
                incidents.add(pool, gone);
            }
            readyAt.remove(uid(pod));
            api.deletePod(name);
            return SqlEngineObservation.down(gone);
        }
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        MasterStatus.App app = apps.get(pool);
        int cores = app == null ? 0 : app.cores();
        if (FileServers.ready(pod) && cores > 0) {
            readyAt.putIfAbsent(uid(pod), clock.instant());
        }
        Instant ready = readyAt.get(uid(pod));
        if (ip != null) {
            gateways.put(ip + ":" + KubeNames.GATEWAY_PORT, pool);
        }
        return new SqlEngineObservation(ready == null ? SqlEngineState.STARTING : SqlEngineState.READY,
                ip == null ? null : "sc://" + ip + ":" + KubeNames.CONNECT_PORT, app == null ? null : app.id(), cores,
                startedAt, ready, null, ip == null ? null : ip + ":" + KubeNames.GATEWAY_PORT, token(pool));
    }

    /** The engines that died or never became ready since the last call. */
    List<String> takeIncidents(String pool) {
        return incidents.take(pool);
    }

    /** Stops the engine (its pods go); the Service and the token stay with the cluster. */
    void stop(String pool) {
        for (V1Pod pod : pods(pool)) {
            LOG.infof("pool %s: deleting SQL engine pod %s", pool, pod.getMetadata().getName());
            readyAt.remove(uid(pod));
            api.deletePod(pod.getMetadata().getName());
        }
        ends.remove(pool);
    }

    /** With the cluster: the engine, its Service and its token. */
    void tearDown(String pool) {
        stop(pool);
        apps.remove(pool);
        mastersUp.remove(pool);
        gateways.values().removeIf(pool::equals);
        api.deleteService(KubeNames.sqlEngine(pool));
        api.deleteSecret(KubeNames.sqlEngine(pool));
        tokens.remove(pool);
        endedPods.remove(pool);
    }

    /** A TCP link to the gateway at {@code host:port} (an engine's pod), opened with the engine's token. */
    SqlGatewayLink open(String gateway) {
        String pool = gateways.get(gateway);
        if (pool == null) {
            throw new SparkportException(SparkportException.Kind.BACKEND, "no SQL engine has its gateway at " + gateway);
        }
        int colon = gateway.lastIndexOf(':');
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(gateway.substring(0, colon), Integer.parseInt(gateway.substring(colon + 1))),
                    CONNECT_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(("{\"op\":\"hello\",\"token\":\"" + token(pool) + "\"}\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            LOG.infof("pool %s: connected to the SQL gateway of its engine at %s", pool, gateway);
            return new SocketLink(socket);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the connection never opened
            }
            throw new SparkportException(SparkportException.Kind.BACKEND, "cannot reach the SQL gateway of pool " + pool
                    + " at " + gateway + ": " + e.getMessage(), e);
        }
    }

    /** The engine's live pod (not ended and not being deleted), the newest if several. */
    private Optional<V1Pod> current(String pool) {
        return pods(pool).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .max(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp() == null ? Instant.EPOCH
                        : p.getMetadata().getCreationTimestamp().toInstant()));
    }

    private List<V1Pod> pods(String pool) {
        return caches.podsOfPool(pool).stream()
                .filter(p -> KubeNames.SQL_ENGINE.equals(p.getMetadata().getLabels().get(KubeNames.COMPONENT)))
                .toList();
    }

    /** The engine's own words from its log when they say why, else its container's exit. */
    private String endOf(V1Pod pod) {
        Integer exit = null;
        String reason = null;
        if (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null) {
            for (var s : pod.getStatus().getContainerStatuses()) {
                if (s.getState() != null && s.getState().getTerminated() != null) {
                    exit = s.getState().getTerminated().getExitCode();
                    reason = s.getState().getTerminated().getReason();
                }
            }
        }
        int code = exit == null ? -1 : exit;
        try {
            String log = api.podLog(pod.getMetadata().getName());
            List<String> lines = log == null ? List.of() : log.lines().toList();
            List<String> tail = lines.subList(Math.max(0, lines.size() - 200), lines.size());
            String fromLog = DriverFailure.reason(tail, code);
            if (!fromLog.equals(DriverFailure.reason(List.of(), code))) {
                return fromLog;
            }
        } catch (SparkportException e) {
            LOG.debugf("engine log of %s unavailable: %s", pod.getMetadata().getName(), e.getMessage());
        }
        return "pod " + pod.getMetadata().getName() + " " + (exit == null ? pod.getStatus().getPhase()
                : "exited with code " + exit + (reason == null ? "" : " (" + reason + ")"));
    }

    /** The engine's token, from its Secret ({@link TokenSecrets}). */
    private String token(String pool) {
        return tokens.computeIfAbsent(pool, p -> TokenSecrets.readOrCreate(api, settings, KubeNames.sqlEngine(p),
                KubeNames.labels(p, KubeNames.SQL_ENGINE)));
    }

    private static String uid(V1Pod pod) {
        return pod.getMetadata().getUid() == null ? pod.getMetadata().getName() : pod.getMetadata().getUid();
    }

    /** A connection to a gateway in a pod. */
    private static final class SocketLink implements SqlGatewayLink {
        private final Socket socket;

        SocketLink(Socket socket) {
            this.socket = socket;
        }

        @Override
        public InputStream events() {
            try {
                return socket.getInputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public OutputStream commands() {
            try {
                return socket.getOutputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public boolean alive() {
            return !socket.isClosed() && !socket.isInputShutdown();
        }

        @Override
        public String end() {
            close();
            return "closed its connection (" + socket.getRemoteSocketAddress() + ")";
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.debugf("closing a gateway connection: %s", e);
            }
        }
    }
}
