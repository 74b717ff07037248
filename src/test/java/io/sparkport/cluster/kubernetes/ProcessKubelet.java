package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1ContainerState;
import io.kubernetes.client.openapi.models.V1ContainerStateRunning;
import io.kubernetes.client.openapi.models.V1ContainerStateTerminated;
import io.kubernetes.client.openapi.models.V1ContainerStateWaiting;
import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * A kubelet for tests that really runs the pods of the tests' API server: each pod is bound to one simulated
 * node and its container runs as a local process ({@link PodProcess}) with the image's Spark home mapped to the
 * project's {@code target/spark-home}, each PVC to a directory kept across pods (the pool), each emptyDir to a
 * directory of the pod, each Secret to files, its env resolved (fieldRef, secretKeyRef, {@code $(VAR)} in
 * command and args) and a loopback address of its own ({@link PodNetwork}). Readiness probes run for real;
 * phase, IP, conditions, restarts and exit codes come from the process; the output is served as {@code pods/log}
 * (through {@link KubeApiFront}); a deleted pod's processes are stopped. With {@link SimulatedControllers} the
 * StatefulSet and Job controllers are played too. Nothing about Spark is faked: what answers is Spark.
 */
final class ProcessKubelet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ProcessKubelet.class);
    static final String IMAGE_SPARK_HOME = KubeNames.SPARK_HOME;
    static final String IMAGE_SPARKPORT = "/opt/sparkport";
    /** Where pods see the kubelet's own files (the hosts file). */
    static final String KUBELET_DIR = "/opt/sparkport-kubelet";
    static final long STOP_GRACE_MILLIS = 5_000;
    private static final Pattern VAR = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    /** A pod this kubelet runs. */
    static final class RunningPod {
        final String name;
        final String ip;
        final String subdomain;
        final V1Pod pod;
        volatile PodProcess process;
        volatile int restarts;
        volatile V1ContainerStateTerminated lastEnd;
        volatile boolean ready;
        volatile long nextProbe;
        volatile boolean terminal;

        RunningPod(String name, String ip, V1Pod pod) {
            this.name = name;
            this.ip = ip;
            this.subdomain = pod.getSpec().getSubdomain();
            this.pod = pod;
        }

        V1Container container() {
            return pod.getSpec().getContainers().get(0);
        }
    }

    private final String namespace;
    private final CoreV1Api core;
    private final Path root;
    private final Path sparkHome;
    private final PodNetwork network;
    private final Map<String, RunningPod> pods = new ConcurrentHashMap<>();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    private final Map<String, Path> logs = new ConcurrentHashMap<>();
    private final SimulatedControllers controllers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "process-kubelet"));
    private final ExecutorService stops = Executors.newCachedThreadPool(r -> daemon(r, "process-kubelet-stop"));

    /**
     * @param root   where the kubelet keeps volumes, pod directories, logs and the hosts file; not under
     *               {@code /tmp}, which pods see as their own scratch volume
     * @param subnet the second octet of this kubelet's pod addresses
     */
    ProcessKubelet(ApiClient client, String namespace, Path root, Path sparkHome, int subnet) throws IOException {
        this.namespace = namespace;
        this.core = new CoreV1Api(client);
        this.root = root.toAbsolutePath().normalize();
        this.sparkHome = sparkHome.toAbsolutePath().normalize();
        this.network = new PodNetwork(namespace, this.root.resolve("etc/hosts"), subnet);
        this.controllers = new SimulatedControllers(client, namespace);
        prepareImage();
    }

    /** Starts the loop; the front then serves the pods' logs and proxies to their Services. */
    ProcessKubelet start(KubeApiFront front) {
        front.podLogs(this::log);
        front.serviceProxy(this::proxy);
        loop.scheduleWithFixedDelay(this::syncQuietly, 0, 100, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The directory that is the PVC's volume (the pool's files), kept across pods. */
    Path claimDirectory(String claim) {
        return root.resolve("volumes").resolve(claim);
    }

    Optional<RunningPod> pod(String name) {
        return Optional.ofNullable(pods.get(name));
    }

    Map<String, RunningPod> pods() {
        return Map.copyOf(pods);
    }

    private void syncQuietly() {
        try {
            controllers.sync();
            syncPods();
            syncServices();
        } catch (Exception e) {
            LOG.debugf("process kubelet pass failed: %s", e);
        }
    }

    private void syncPods() throws ApiException {
        Map<String, V1Pod> existing = new HashMap<>();
        for (V1Pod p : core.listNamespacedPod(namespace).execute().getItems()) {
            existing.put(p.getMetadata().getName(), p);
        }
        for (RunningPod running : List.copyOf(pods.values())) {
            V1Pod now = existing.get(running.name);
            if (now == null || !now.getMetadata().getUid().equals(running.pod.getMetadata().getUid())) {
                stopPod(running);
            }
        }
        for (V1Pod p : existing.values()) {
            String name = p.getMetadata().getName();
            if (!pods.containsKey(name) && !stopping.contains(name) && unstarted(p)) {
                bind(p);
            }
        }
        for (RunningPod running : pods.values()) {
            if (!running.terminal) {
                ensureStarted(running);
                probe(running);
            }
        }
    }

    private static boolean unstarted(V1Pod p) {
        return p.getStatus() == null || p.getStatus().getPhase() == null || "Pending".equals(p.getStatus().getPhase());
    }

    /** Binds the pod to this node with an address of its own; its container starts once its Secrets exist. */
    private void bind(V1Pod p) {
        String name = p.getMetadata().getName();
        RunningPod running = new RunningPod(name, network.allocate(), p);
        deleteTree(root.resolve("pods").resolve(name)); // an earlier pod of that name (a StatefulSet's) left it
        pods.put(name, running);
        network.addPod(name, running.subdomain, running.ip);
        writeStatus(running, s -> s.phase("Pending").podIP(running.ip).hostIP("127.0.0.1")
                .startTime(OffsetDateTime.now()).conditions(conditions(false)));
    }

    private void ensureStarted(RunningPod running) {
        if (running.process != null) {
            return;
        }
        V1Container c = running.container();
        Map<String, String> env;
        try {
            env = environment(running, c);
        } catch (MissingSecret e) {
            writeStatus(running, s -> s.containerStatuses(List.of(containerStatus(running, new V1ContainerState()
                    .waiting(new V1ContainerStateWaiting().reason("CreateContainerConfigError").message(e.getMessage()))))));
            return;
        }
        List<String> argv = new java.util.ArrayList<>();
        (c.getCommand() == null ? List.<String>of() : c.getCommand()).forEach(a -> argv.add(expand(a, env)));
        (c.getArgs() == null ? List.<String>of() : c.getArgs()).forEach(a -> argv.add(expand(a, env)));
        Path log = root.resolve("pods").resolve(running.name).resolve(c.getName() + ".log");
        logs.put(running.name, log);
        PodProcess process = PodProcess.start(argv, env, mounts(running, c), c.getWorkingDir(), log);
        running.process = process;
        running.ready = false;
        running.nextProbe = 0;
        process.onExit(() -> exited(running, process));
        writeStatus(running, s -> s.phase("Running").conditions(conditions(false)).containerStatuses(List.of(
                containerStatus(running, new V1ContainerState().running(new V1ContainerStateRunning()
                        .startedAt(OffsetDateTime.now()))))));
        LOG.infof("process kubelet: pod %s runs as pid %d on %s: %s", running.name, process.pid(), running.ip,
                String.join(" ", argv));
    }

    /** A container's end: restarted in place under {@code restartPolicy: Always}, else the pod's end. */
    private void exited(RunningPod running, PodProcess process) {
        process.killRest();
        if (pods.get(running.name) != running || stopping.contains(running.name)) {
            return;
        }
        int code = process.exitCode();
        String policy = running.pod.getSpec().getRestartPolicy();
        if (policy == null || "Always".equals(policy)) {
            running.restarts++;
            running.lastEnd = new V1ContainerStateTerminated().exitCode(code).reason(code == 0 ? "Completed" : "Error")
                    .finishedAt(OffsetDateTime.now());
            running.process = null; // the next pass starts it again
            LOG.infof("process kubelet: container of pod %s exited with %d; restarting it (%d)", running.name, code,
                    running.restarts);
            return;
        }
        running.terminal = true;
        running.ready = false;
        writeStatus(running, s -> s.phase(code == 0 ? "Succeeded" : "Failed").conditions(conditions(false))
                .containerStatuses(List.of(containerStatus(running, new V1ContainerState().terminated(
                        new V1ContainerStateTerminated().exitCode(code).reason(code == 0 ? "Completed" : "Error")
                                .finishedAt(OffsetDateTime.now()))))));
    }

    private void stopPod(RunningPod running) {
        pods.remove(running.name, running);
        network.removePod(running.name, running.subdomain);
        PodProcess process = running.process;
        if (process == null) {
            return;
        }
        stopping.add(running.name);
        stops.execute(() -> {
            try {
                process.stop(STOP_GRACE_MILLIS);
                LOG.infof("process kubelet: pod %s deleted, its processes stopped", running.name);
            } finally {
                stopping.remove(running.name);
            }
        });
    }

    /** Runs the container's readiness probe when due; a pod without one is ready once it runs. */
    private void probe(RunningPod running) {
        PodProcess process = running.process;
        if (process == null || !process.alive() || System.currentTimeMillis() < running.nextProbe) {
            return;
        }
        V1Probe probe = running.container().getReadinessProbe();
        boolean ready = probe == null || probeOnce(running, probe);
        long period = probe == null || probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
        running.nextProbe = System.currentTimeMillis() + Math.min(period, 2) * 1000;
        if (ready != running.ready) {
            running.ready = ready;
            writeStatus(running, s -> s.conditions(conditions(ready)).containerStatuses(List.of(
                    containerStatus(running, s.getContainerStatuses().get(0).getState()).ready(ready))));
        }
    }

    private boolean probeOnce(RunningPod running, V1Probe probe) {
        try {
            if (probe.getHttpGet() != null) {
                int port = port(running.container(), probe.getHttpGet().getPort());
                String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://" + running.ip + ":" + port + path))
                        .timeout(Duration.ofSeconds(1)).GET().build(), HttpResponse.BodyHandlers.discarding());
                return r.statusCode() >= 200 && r.statusCode() < 400;
            }
            if (probe.getTcpSocket() != null) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(running.ip, port(running.container(), probe.getTcpSocket().getPort())), 1000);
                    return true;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int port(V1Container c, io.kubernetes.client.custom.IntOrString port) {
        if (port.isInteger()) {
            return port.getIntValue();
        }
        return c.getPorts().stream().filter(p -> port.getStrValue().equals(p.getName()))
                .map(V1ContainerPort::getContainerPort).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no port named " + port.getStrValue()));
    }

    /** Services with a cluster address lead to their (single) ready pod; headless ones resolve per pod. */
    private void syncServices() throws ApiException {
        for (V1Service s : core.listNamespacedService(namespace).execute().getItems()) {
            if ("None".equals(s.getSpec().getClusterIP()) || s.getSpec().getSelector() == null) {
                continue;
            }
            network.setService(s.getMetadata().getName(), selected(s.getSpec().getSelector()).map(p -> p.ip).orElse(null));
        }
    }

    private Optional<RunningPod> selected(Map<String, String> selector) {
        return pods.values().stream().filter(p -> !p.terminal && p.process != null)
                .filter(p -> p.pod.getMetadata().getLabels() != null
                        && p.pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .findFirst();
    }

    /** The API server's service proxy: {@code GET} on the pod behind the Service, at the given port. */
    private Optional<String> proxy(String serviceAndPort, String path) {
        String[] parts = serviceAndPort.split(":");
        try {
            V1Service service = core.readNamespacedService(parts[0], namespace).execute();
            Optional<RunningPod> pod = selected(service.getSpec().getSelector());
            if (pod.isEmpty()) {
                return Optional.empty();
            }
            int port = parts.length > 1 ? Integer.parseInt(parts[1]) : service.getSpec().getPorts().get(0).getPort();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + pod.get().ip + ":" + port + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (ApiException | IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The pod's container output, as {@code kubectl logs} shows it. */
    Optional<String> log(String pod) {
        Path log = logs.get(pod);
        try {
            return log != null && Files.exists(log) ? Optional.of(Files.readString(log, StandardCharsets.UTF_8))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The container's environment: the image's, the pod's (fieldRef and secretKeyRef resolved), the pod's address. */
    private Map<String, String> environment(RunningPod running, V1Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        String javaHome = System.getProperty("java.home");
        env.put("PATH", javaHome + "/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("JAVA_HOME", javaHome);
        env.put("SPARK_HOME", IMAGE_SPARK_HOME);
        env.put("HOSTNAME", running.name);
        // The pod's only address (in a real pod Spark finds it by itself) and cluster DNS for every JVM.
        env.put("SPARK_LOCAL_IP", running.ip);
        env.put("JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + KUBELET_DIR + "/hosts -Dsun.net.inetaddr.ttl=1");
        for (V1EnvVar v : c.getEnv() == null ? List.<V1EnvVar>of() : c.getEnv()) {
            env.put(v.getName(), v.getValueFrom() == null ? expand(v.getValue() == null ? "" : v.getValue(), env)
                    : valueFrom(running, v));
        }
        return env;
    }

    private String valueFrom(RunningPod running, V1EnvVar v) {
        if (v.getValueFrom().getFieldRef() != null) {
            return switch (v.getValueFrom().getFieldRef().getFieldPath()) {
                case "status.podIP" -> running.ip;
                case "metadata.name" -> running.name;
                case "metadata.namespace" -> namespace;
                default -> throw new IllegalArgumentException("fieldRef " + v.getValueFrom().getFieldRef().getFieldPath());
            };
        }
        if (v.getValueFrom().getSecretKeyRef() != null) {
            String secret = v.getValueFrom().getSecretKeyRef().getName();
            byte[] value = secretData(secret).get(v.getValueFrom().getSecretKeyRef().getKey());
            if (value == null) {
                throw new MissingSecret("couldn't find key " + v.getValueFrom().getSecretKeyRef().getKey()
                        + " in Secret " + namespace + "/" + secret);
            }
            return new String(value, StandardCharsets.UTF_8);
        }
        throw new IllegalArgumentException("unsupported valueFrom of " + v.getName());
    }

    private Map<String, byte[]> secretData(String name) {
        try {
            V1Secret secret = core.readNamespacedSecret(name, namespace).execute();
            return secret.getData() == null ? Map.of() : secret.getData();
        } catch (ApiException e) {
            throw new MissingSecret("secret \"" + name + "\" not found");
        }
    }

    /** Kubernetes' {@code $(VAR)} expansion of command, args and env values; unknown references stay as written. */
    static String expand(String text, Map<String, String> env) {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The image's directories, the kubelet's, and each volume the container mounts. */
    private Map<String, Path> mounts(RunningPod running, V1Container c) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        mounts.put(IMAGE_SPARK_HOME, sparkHome);
        mounts.put(IMAGE_SPARKPORT, root.resolve("image/sparkport"));
        mounts.put(KUBELET_DIR, network.hostsFile().getParent());
        Map<String, V1Volume> volumes = new HashMap<>();
        (running.pod.getSpec().getVolumes() == null ? List.<V1Volume>of() : running.pod.getSpec().getVolumes())
                .forEach(v -> volumes.put(v.getName(), v));
        for (V1VolumeMount m : c.getVolumeMounts() == null ? List.<V1VolumeMount>of() : c.getVolumeMounts()) {
            mounts.put(m.getMountPath(), volume(running, volumes.get(m.getName())));
        }
        return mounts;
    }

    private Path volume(RunningPod running, V1Volume v) {
        try {
            Path dir;
            if (v.getPersistentVolumeClaim() != null) {
                dir = claimDirectory(v.getPersistentVolumeClaim().getClaimName());
            } else if (v.getEmptyDir() != null) {
                dir = root.resolve("pods").resolve(running.name).resolve("volumes").resolve(v.getName());
            } else if (v.getSecret() != null) {
                dir = root.resolve("pods").resolve(running.name).resolve("secrets").resolve(v.getName());
                Files.createDirectories(dir);
                for (Map.Entry<String, byte[]> e : secretData(v.getSecret().getSecretName()).entrySet()) {
                    Files.write(dir.resolve(e.getKey()), e.getValue());
                }
            } else {
                throw new IllegalArgumentException("unsupported volume " + v.getName());
            }
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image's Sparkport jars and Connect client, at the paths the image has them (KubeNames). */
    private void prepareImage() throws IOException {
        Path dir = root.resolve("image/sparkport");
        Files.createDirectories(dir);
        Map<String, Path> jars = Map.of(
                "sparkport-sql-runner.jar", sparkHome.resolve("sparkport/sparkport-sql-runner.jar"),
                "sparkport-listener.jar", sparkHome.resolve("jars/sparkport-listener.jar"),
                "sparkport-files.jar", sparkHome.resolve("sparkport/sparkport-files.jar"));
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            if (Files.exists(jar.getValue())) {
                Files.copy(jar.getValue(), dir.resolve(jar.getKey()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path client = sparkHome.resolve("connect-client");
        if (Files.isDirectory(client)) { // the warm SQL gateway's Spark Connect client, as the image has it
            Path target = Files.createDirectories(dir.resolve("connect-client"));
            try (var files = Files.list(client)) {
                for (Path f : files.toList()) {
                    Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private void writeStatus(RunningPod running, UnaryOperator<V1PodStatus> change) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                V1Pod current = core.readNamespacedPod(running.name, namespace).execute();
                if (!current.getMetadata().getUid().equals(running.pod.getMetadata().getUid())) {
                    return;
                }
                current.setStatus(change.apply(current.getStatus() == null ? new V1PodStatus() : current.getStatus()));
                core.replaceNamespacedPod(running.name, namespace, current).execute();
                return;
            } catch (ApiException e) {
                if (e.getCode() == 404) {
                    return;
                }
            }
        }
    }

    private V1ContainerStatus containerStatus(RunningPod running, V1ContainerState state) {
        V1Container c = running.container();
        return new V1ContainerStatus().name(c.getName()).image(c.getImage()).imageID("process-kubelet://" + c.getImage())
                .ready(running.ready).restartCount(running.restarts).started(state != null && state.getRunning() != null)
                .state(state).lastState(running.lastEnd == null ? null : new V1ContainerState().terminated(running.lastEnd));
    }

    private static List<V1PodCondition> conditions(boolean ready) {
        String value = ready ? "True" : "False";
        return List.of(new V1PodCondition().type("PodScheduled").status("True"),
                new V1PodCondition().type("Initialized").status("True"),
                new V1PodCondition().type("ContainersReady").status(value),
                new V1PodCondition().type("Ready").status(value));
    }

    @Override
    public void close() {
        loop.shutdownNow();
        pods.values().parallelStream().forEach(p -> {
            if (p.process != null) {
                p.process.stop(STOP_GRACE_MILLIS);
            }
        });
        pods.clear();
        stops.shutdown();
        try {
            stops.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** A Secret the container needs does not exist (yet): it waits, as a real kubelet keeps it waiting. */
    private static final class MissingSecret extends RuntimeException {
        MissingSecret(String message) {
            super(message);
        }
    }
}
