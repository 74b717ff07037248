package io.sparkport.cluster.kubernetes;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP Kubernetes API for tests: the fabric8 mock server in CRUD mode (storage, resource versions,
 * label selectors, WebSocket watches) behind a thin front that makes it speak what client-java expects
 * (see shared/notes/kubernetes-testing.md): chunked HTTP watches bridged to the mock's WebSocket
 * watches, the StatefulSet {@code /scale} subresource, {@code pods/log} from logs the test sets, Status
 * bodies on errors, {@code apiVersion}/{@code kind} filled in bodies that lack them (LeaseLock), and
 * {@code /version}. Every request is recorded for assertions.
 */
public final class KubeApiFront implements AutoCloseable {

    /** A request as the front received it. */
    public record Recorded(String method, String path, String query, String body) {
    }

    private static final Pattern SCALE = Pattern.compile("(/apis/apps/v1/namespaces/[^/]+/statefulsets/[^/]+)/scale");
    private static final Pattern PROXY = Pattern.compile("/api/v1/namespaces/[^/]+/services/([^/]+)/proxy(/.*)?");
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
    private static final Pattern COLLECTION = Pattern.compile("/apis?/(.+?)/namespaces/[^/]+/([a-z]+)(/[^/]+)?(/status)?");
    private static final Map<String, String> KINDS = Map.of(
            "pods", "Pod", "services", "Service", "persistentvolumeclaims", "PersistentVolumeClaim",
            "statefulsets", "StatefulSet", "jobs", "Job", "leases", "Lease", "events", "Event", "secrets", "Secret");

    private final KubernetesMockServer mock;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kube-api-front");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String mockBase;
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final Map<String, String> podLogs = new ConcurrentHashMap<>();
    private volatile boolean recording = true;
    private volatile java.util.function.Function<String, java.util.Optional<String>> podLogSource =
            pod -> java.util.Optional.empty();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private volatile java.util.function.BiFunction<String, String, java.util.Optional<String>> serviceProxy =
            (service, path) -> java.util.Optional.empty();

    public KubeApiFront() throws IOException {
        mock = new KubernetesMockServer(new Context(),
                new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        mock.init();
        mockBase = "http://127.0.0.1:" + mock.getPort();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A kubeconfig file pointing at this API server. */
    public Path kubeconfig(Path dir, String namespace) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: front
                  cluster:
                    server: %s
                contexts:
                - name: front
                  context:
                    cluster: front
                    user: test
                    namespace: %s
                current-context: front
                users:
                - name: test
                  user:
                    token: test
                """.formatted(url(), namespace));
        return file;
    }

    /**
     * What the API server's service proxy answers: {@code (service[:port], path)} to a JSON body, or
     * empty for 503 (nothing behind the service).
     */
    public void serviceProxy(java.util.function.BiFunction<String, String, java.util.Optional<String>> handler) {
        serviceProxy = handler;
    }

    /** Where {@code pods/log} reads a pod's output first (a kubelet that runs pods); else what the test set. */
    public void podLogs(java.util.function.Function<String, java.util.Optional<String>> source) {
        podLogSource = source;
    }

    /** What {@code pods/log} answers for the pod (the test plays kubelet). */
    public void setPodLog(String pod, String text) {
        podLogs.put(pod, text);
    }

    /**
     * Makes every {@code method} request whose path starts with {@code pathPrefix} fail with the given
     * Status, as a real API server refuses (RBAC, quota, admission).
     */
    public void refuse(String method, String pathPrefix, int code, String reason, String message) {
        JsonObject s = JsonParser.parseString(status(code, message)).getAsJsonObject();
        s.addProperty("reason", reason);
        refusals.put(method + " " + pathPrefix, code + " " + s);
    }

    public void stopRefusing() {
        refusals.clear();
    }

    public List<Recorded> requests() {
        return List.copyOf(requests);
    }

    public void recording(boolean on) {
        recording = on;
    }

    public void clearRequests() {
        requests.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (recording) {
                requests.add(new Recorded(method, path, query == null ? "" : query, new String(body, StandardCharsets.UTF_8)));
            }
            for (Map.Entry<String, String> r : refusals.entrySet()) {
                if ((method + " " + path).startsWith(r.getKey())) {
                    int space = r.getValue().indexOf(' ');
                    reply(ex, Integer.parseInt(r.getValue().substring(0, space)), r.getValue().substring(space + 1));
                    return;
                }
            }
            if (path.equals("/version")) {
                reply(ex, 200, "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0\",\"platform\":\"linux/amd64\"}");
                return;
            }
            if (query != null && (query.contains("watch=true") || query.contains("watch=1"))) {
                watch(ex, path, query);
                return;
            }
            Matcher scale = SCALE.matcher(path);
            if (scale.matches()) {
                scale(ex, method, scale.group(1), body);
                return;
            }
            Matcher proxy = PROXY.matcher(path);
            if (proxy.matches() && method.equals("GET")) {
                java.util.Optional<String> answer = serviceProxy.apply(
                        java.net.URLDecoder.decode(proxy.group(1), StandardCharsets.UTF_8),
                        proxy.group(2) == null ? "/" : java.net.URLDecoder.decode(proxy.group(2), StandardCharsets.UTF_8));
                if (answer.isPresent()) {
                    reply(ex, 200, answer.get());
                } else {
                    reply(ex, 503, status(503, "no endpoints available for service \"" + proxy.group(1) + "\""));
                }
                return;
            }
            Matcher log = LOG.matcher(path);
            if (log.matches() && method.equals("GET")) {
                podLog(ex, path.substring(0, path.length() - "/log".length()), log.group(2));
                return;
            }
            if ((method.equals("POST") || method.equals("PUT")) && body.length > 0) {
                body = withTypeMeta(path, body);
            }
            HttpResponse<String> r = forward(method, path, query, body, ex.getRequestHeaders().getFirst("Content-Type"));
            String text = r.body();
            if (r.statusCode() >= 400 && (text == null || text.isBlank() || !text.trim().startsWith("{"))) {
                text = status(r.statusCode(), method + " " + path + (text == null || text.isBlank() ? "" : ": " + text));
            }
            reply(ex, r.statusCode(), text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            reply(ex, 500, status(500, "front failed: " + e));
        } finally {
            ex.close();
        }
    }

    private HttpResponse<String> forward(String method, String path, String query, byte[] body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(mockBase + path + (query == null ? "" : "?" + query)))
                .timeout(Duration.ofSeconds(30))
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body.length > 0) {
            b.header("Content-Type", contentType == null ? "application/json" : contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** LeaseLock (and others) may send bodies without apiVersion/kind; a real API server infers them from the path. */
    private static byte[] withTypeMeta(String path, byte[] body) {
        Matcher m = COLLECTION.matcher(path);
        JsonElement json;
        try {
            json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return body;
        }
        if (!m.matches() || !json.isJsonObject()) {
            return body;
        }
        JsonObject o = json.getAsJsonObject();
        String kind = KINDS.get(m.group(2));
        if (!o.has("apiVersion")) {
            o.addProperty("apiVersion", m.group(1));
        }
        if (!o.has("kind") && kind != null) {
            o.addProperty("kind", kind);
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** GET and PUT of {@code autoscaling/v1 Scale}, read from and written to the StatefulSet's replicas. */
    private void scale(HttpExchange ex, String method, String stsPath, byte[] body) throws IOException, InterruptedException {
        HttpResponse<String> current = forward("GET", stsPath, null, new byte[0], null);
        if (current.statusCode() != 200) {
            reply(ex, current.statusCode(), status(current.statusCode(), "statefulset " + stsPath + " not found"));
            return;
        }
        JsonObject sts = JsonParser.parseString(current.body()).getAsJsonObject();
        if (method.equals("PUT") || method.equals("PATCH")) {
            JsonObject scale = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
            int replicas = scale.getAsJsonObject("spec").get("replicas").getAsInt();
            sts.getAsJsonObject("spec").addProperty("replicas", replicas);
            HttpResponse<String> updated = forward("PUT", stsPath, null, sts.toString().getBytes(StandardCharsets.UTF_8),
                    "application/json");
            if (updated.statusCode() != 200) {
                reply(ex, updated.statusCode(), updated.body());
                return;
            }
            sts = JsonParser.parseString(updated.body()).getAsJsonObject();
        } else if (!method.equals("GET")) {
            reply(ex, 405, status(405, method + " on /scale"));
            return;
        }
        reply(ex, 200, scaleOf(sts).toString());
    }

    private static JsonObject scaleOf(JsonObject sts) {
        JsonObject meta = sts.getAsJsonObject("metadata");
        JsonObject m = new JsonObject();
        for (String f : List.of("name", "namespace", "resourceVersion", "uid", "creationTimestamp")) {
            if (meta.has(f)) {
                m.add(f, meta.get(f));
            }
        }
        JsonObject spec = new JsonObject();
        JsonElement replicas = sts.getAsJsonObject("spec").get("replicas");
        spec.addProperty("replicas", replicas == null ? 1 : replicas.getAsInt());
        JsonObject status = new JsonObject();
        JsonObject stsStatus = sts.getAsJsonObject("status");
        status.addProperty("replicas", stsStatus != null && stsStatus.has("replicas") ? stsStatus.get("replicas").getAsInt() : 0);
        JsonObject scale = new JsonObject();
        scale.addProperty("apiVersion", "autoscaling/v1");
        scale.addProperty("kind", "Scale");
        scale.add("metadata", m);
        scale.add("spec", spec);
        scale.add("status", status);
        return scale;
    }

    private void podLog(HttpExchange ex, String podPath, String pod) throws IOException, InterruptedException {
        HttpResponse<String> r = forward("GET", podPath, null, new byte[0], null);
        if (r.statusCode() != 200) {
            reply(ex, 404, status(404, "pods \"" + pod + "\" not found"));
            return;
        }
        byte[] text = podLogSource.apply(pod).orElseGet(() -> podLogs.getOrDefault(pod, ""))
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain");
        ex.sendResponseHeaders(200, text.length == 0 ? -1 : text.length);
        if (text.length > 0) {
            ex.getResponseBody().write(text);
        }
    }

    /** A chunked HTTP watch, one JSON event per line, fed by the mock's WebSocket watch of the same URL. */
    private void watch(HttpExchange ex, String path, String query) throws IOException, InterruptedException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        CountDownLatch done = new CountDownLatch(1);
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String event = partial.toString().replace('\n', ' ');
                    partial.setLength(0);
                    try {
                        synchronized (out) {
                            out.write((event + "\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    } catch (IOException e) {
                        done.countDown();
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                done.countDown();
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                done.countDown();
            }
        };
        String wsUrl = mockBase.replace("http://", "ws://") + path + "?" + query;
        WebSocket ws;
        try {
            ws = http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), listener).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            out.close();
            return;
        }
        long timeout = timeoutSeconds(query);
        boolean ended = done.await(timeout, TimeUnit.SECONDS);
        if (!ended) {
            ws.abort();
        }
        synchronized (out) {
            out.close();
        }
    }

    private static long timeoutSeconds(String query) {
        Matcher m = Pattern.compile("timeoutSeconds=(\\d+)").matcher(query);
        return m.find() ? Long.parseLong(m.group(1)) : 300;
    }

    static String status(int code, String message) {
        String reason = switch (code) {
            case 404 -> "NotFound";
            case 409 -> "AlreadyExists";
            case 422 -> "Invalid";
            case 405 -> "MethodNotAllowed";
            case 400 -> "BadRequest";
            default -> "InternalError";
        };
        JsonObject s = new JsonObject();
        s.addProperty("kind", "Status");
        s.addProperty("apiVersion", "v1");
        s.add("metadata", new JsonObject());
        s.addProperty("status", "Failure");
        s.addProperty("message", message);
        s.addProperty("reason", reason);
        s.addProperty("code", code);
        return s.toString();
    }

    private static void reply(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        mock.destroy();
    }
}
