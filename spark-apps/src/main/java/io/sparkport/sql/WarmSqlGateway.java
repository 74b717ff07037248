package io.sparkport.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's Spark Connect client, in a JVM of its own so that the client's Scala, Arrow, gRPC and
 * logging stay out of the service. It reads one JSON command per line on stdin and answers with JSON
 * events on stdout (its logging goes to stderr):
 * <pre>
 * in:  {"op":"run","job":ID,"endpoint":"sc://host:port","token":T,"sql":..,"poolDir":..,"maxRows":N,
 *       "cacheMaxBytes":N,"conf":{..}}  (cacheMaxBytes: the largest pool file the engine keeps in memory, see
 *                                        EngineCache; token: the engine's Connect secret, see connect())
 *      {"op":"cancel","job":ID}
 *      {"op":"warmup","endpoint":"sc://host:port","token":T,"queries":N}   (N small queries on made-up data while the
 *                                                     new engine runs no user job: EngineWarmUp)
 * out: {"event":"ready"}
 *      {"job":ID,"event":"log","message":..}
 *      {"job":ID,"event":"running","appId":..}
 *      {"job":ID,"event":"succeeded","result":{..}}   (the same document the SQL runner reports)
 *      {"job":ID,"event":"failed","reason":..}
 * </pre>
 * Each job has a session to itself while it runs, tagged with the job id so that a cancel interrupts exactly
 * its operations, in a FAIR scheduler pool of its own. A script of plain queries takes a session an earlier job
 * left clean ({@link IdleSessions}) and cleans it after itself (its settings and tag; the pool views stay for
 * the next job, which keeps those of unchanged files: {@link WarmSession}); any other script gets a new session
 * that is closed after it (its temporary views and settings die with it). The gateway exits when stdin closes
 * (the service went away).
 */
public final class WarmSqlGateway {

    /** Spark's local property naming a job's FAIR scheduler pool. */
    static final String SCHEDULER_POOL = "spark.scheduler.pool";
    private static final Logger LOG = LoggerFactory.getLogger(WarmSqlGateway.class);
    /** How long a stopping gateway waits for its sessions to close. */
    static final long CLOSE_WAIT_MS = 3_000;

    /** Where events go: stdout, or the current connection of a listening gateway ({@link GatewayListener}). */
    private volatile PrintStream out;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "warm-sql");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, WarmSession> sessions = new ConcurrentHashMap<>();
    /** Jobs cancelled before their session existed: they do not start. */
    private final java.util.Set<String> cancelledEarly = ConcurrentHashMap.newKeySet();
    private final Map<String, String> appIds = new ConcurrentHashMap<>();
    /** Each engine's (by endpoint) Connect secret, from the commands that name it. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final PoolViews.SchemaCache schemas = new PoolViews.SchemaCache();
    /** What each engine (by endpoint) caches of the pool files. */
    private final Map<String, EngineCache> engineCaches = new ConcurrentHashMap<>();
    /** The user jobs each engine (by endpoint) runs. */
    private final Map<String, EngineActivity> activities = new ConcurrentHashMap<>();
    private final IdleSessions<WarmSession> idle = new IdleSessions<>(4, 300_000, System::currentTimeMillis);
    private final java.util.BitSet busySlots = new java.util.BitSet();

    WarmSqlGateway(PrintStream out) {
        this.out = out;
    }

    /**
     * Without arguments the service's child: commands on stdin, events on stdout. With
     * {@code --listen host:port [-- engine command...]} it serves one TCP connection at a time, authenticated by
     * the token in {@code SPARKPORT_GATEWAY_TOKEN}, and runs the engine's command as its child when one is given.
     */
    public static void main(String[] args) throws IOException {
        PrintStream stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        // Anything else that prints to System.out would corrupt the protocol: send it to stderr.
        System.setOut(System.err);
        List<String> arguments = List.of(args);
        if (arguments.isEmpty()) {
            new WarmSqlGateway(stdout).serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            System.exit(0);
        }
        if (arguments.size() < 2 || !arguments.get(0).equals("--listen")) {
            throw new IllegalArgumentException("usage: WarmSqlGateway [--listen host:port [-- engine command...]]");
        }
        String address = arguments.get(1);
        int colon = address.lastIndexOf(':');
        int separator = arguments.indexOf("--");
        if (separator > 0 && separator < arguments.size() - 1) {
            EngineSupervisor.start(arguments.subList(separator + 1, arguments.size()));
        }
        new GatewayListener(new WarmSqlGateway(System.err), System.getenv("SPARKPORT_GATEWAY_TOKEN"))
                .listen(new java.net.InetSocketAddress(address.substring(0, colon),
                        Integer.parseInt(address.substring(colon + 1))));
    }

    void serve(BufferedReader in) throws IOException {
        emit(ResultJson.MAPPER.createObjectNode().put("event", "ready"));
        readCommands(in);
        LOG.info("stdin closed: the gateway stops");
        closeAll(CLOSE_WAIT_MS);
    }

    /** A new connection: events go to it from now on; it is told the gateway is ready. */
    void attach(PrintStream connection) {
        synchronized (this) {
            out = connection;
        }
        emit(ResultJson.MAPPER.createObjectNode().put("event", "ready"));
    }

    /** Serves a connection's commands until it closes. */
    void serveCommands(BufferedReader in) throws IOException {
        readCommands(in);
    }

    /**
     * The connection is gone: its running jobs are interrupted (nobody would hear their end), the idle
     * sessions stay for the next connection.
     */
    void detached(String why) {
        List<String> running = List.copyOf(sessions.keySet());
        if (!running.isEmpty()) {
            LOG.warn("{}: interrupting its running jobs {}", why, running);
            running.forEach(job -> workers.execute(() -> cancel(job)));
        }
        synchronized (this) {
            out = System.err;
        }
    }

    private void readCommands(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            try {
                dispatch(ResultJson.MAPPER.readTree(line));
            } catch (IOException | RuntimeException e) {
                LOG.error("Bad command {}: {}", line, e.toString());
            }
        }
    }

    /**
     * Closes every session, waiting at most {@code waitMillis}: closing a session of an engine that is gone
     * waits for gRPC's retries (up to a minute each), and a gateway whose service went away must not outlive it
     * by minutes. Returns whether all were closed in time.
     */
    boolean closeAll(long waitMillis) {
        Thread closer = new Thread(() -> {
            sessions.values().forEach(WarmSqlGateway::closeQuietly);
            idle.drain().forEach(WarmSqlGateway::closeQuietly);
        }, "warm-sql-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.warn("Sessions still closing after {} ms: the gateway stops without them", waitMillis);
            return false;
        }
        return true;
    }

    private void dispatch(JsonNode command) {
        String job = command.path("job").asText();
        if (command.hasNonNull("token")) {
            tokens.put(command.path("endpoint").asText(), command.path("token").asText());
        }
        switch (command.path("op").asText()) {
            case "run" -> {
                activity(command.path("endpoint").asText()).started(); // here, in order: a warm-up sees it at once
                workers.execute(() -> run(job, command));
            }
            case "cancel" -> workers.execute(() -> cancel(job)); // it may wait on an engine that is gone
            case "warmup" -> workers.execute(() -> warmUp(command.path("endpoint").asText(),
                    command.path("queries").asInt(0)));
            default -> LOG.error("Unknown command {}", command);
        }
    }

    private void run(String job, JsonNode command) {
        long start = System.nanoTime();
        String endpoint = command.path("endpoint").asText();
        String sql = command.path("sql").asText();
        Map<String, String> conf = new java.util.LinkedHashMap<>();
        command.path("conf").fields().forEachRemaining(e -> conf.put(e.getKey(), e.getValue().asText()));
        // Only a script of plain queries may share a session with other jobs: it leaves nothing behind but
        // its settings and tag, taken away after it, and pool views, which the next job checks.
        boolean queries = SqlScript.split(sql).stream().allMatch(SqlScript::isQuery);
        WarmSession session = null;
        boolean clean = false;
        int slot = takeSlot();
        try {
            if (queries) {
                IdleSessions.Taken<WarmSession> taken = idle.take(endpoint);
                closeLater(taken.toClose());
                session = taken.session();
            }
            boolean reused = session != null;
            if (!reused) {
                session = new WarmSession(connect(endpoint));
            }
            SparkSession spark = session.spark;
            spark.addTag(tag(job));
            sessions.put(job, session);
            if (cancelledEarly.remove(job)) {
                throw new IllegalStateException("cancelled before it started");
            }
            for (Map.Entry<String, String> e : conf.entrySet()) {
                spark.conf().set(e.getKey(), e.getValue());
            }
            session.settingsChanged(conf.keySet());
            // Classic SQL execution turns session settings into local properties of the job's thread, so each
            // running job gets a FAIR pool of its own; pool names are reused, bounded by the concurrency.
            String schedulerPool = schedulerPool(session, slot);
            String appId = appId(endpoint, spark);
            log(job, (reused ? "reused a clean session" : "new session") + " on the SQL engine " + endpoint + " ("
                    + appId + "), FAIR pool " + schedulerPool + ", in " + ms(start) + " ms");
            emit(event(job, "running").put("appId", appId));
            RunnerArgs args = new RunnerArgs(job, Path.of(command.path("poolDir").asText()), sql,
                    command.path("maxRows").asInt(RunnerArgs.DEFAULT_MAX_ROWS), null);
            SqlJob sqlJob = new SqlJob(spark, args, message -> log(job, message));
            EngineCache files = engineCaches.computeIfAbsent(endpoint,
                    e -> new EngineCache(schemas, command.path("cacheMaxBytes").asLong(0)));
            ObjectNode result = sqlJob.runWarm(files, session.views, session::zone);
            log(job, "done in " + ms(start) + " ms");
            ObjectNode done = event(job, "succeeded");
            done.set("result", result);
            emit(done);
            clean = queries && cleanUp(session, job, conf.keySet());
        } catch (Exception e) {
            LOG.error("Job {} failed", job, e);
            String reason = ResultJson.reason(e);
            log(job, "failed after " + ms(start) + " ms: " + reason);
            emit(event(job, "failed").put("reason", reason));
        } finally {
            sessions.remove(job);
            if (clean) {
                closeLater(idle.give(endpoint, session));
            } else {
                closeQuietly(session);
            }
            releaseSlot(slot);
            activity(endpoint).ended();
        }
    }

    private EngineActivity activity(String endpoint) {
        return activities.computeIfAbsent(endpoint, e -> new EngineActivity(System::currentTimeMillis));
    }

    /**
     * Leaves a session as the next job must find it: without this job's settings and tag. Its pool views stay;
     * the next job keeps those whose files did not change and drops the others.
     */
    private static boolean cleanUp(WarmSession session, String job, java.util.Collection<String> confKeys) {
        try {
            for (String key : confKeys) {
                session.spark.conf().unset(key);
            }
            session.settingsChanged(confKeys);
            session.spark.removeTag(tag(job));
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Job {}: its session is not reused, cleaning it failed: {}", job, e.toString());
            return false;
        }
    }

    /** Closes sessions on a worker thread: closing one of an engine that is gone waits for gRPC's retries. */
    private void closeLater(List<WarmSession> spent) {
        if (!spent.isEmpty()) {
            workers.execute(() -> spent.forEach(WarmSqlGateway::closeQuietly));
        }
    }

    /**
     * The FAIR pool of the job in {@code slot}. Spark's FAIR scheduler breaks ties between pools (equal running
     * tasks, as on a one-core engine at every offer) by pool name: names fall as slots rise, so that a job that
     * started while others ran wins the tie and a short query passes a long one instead of waiting for it.
     */
    static String poolName(int slot) {
        return String.format(java.util.Locale.ROOT, "sparkport-%04d", Math.max(0, 9999 - slot));
    }

    /** Puts the session's jobs into the job's own FAIR pool; the default pool if the engine refuses. */
    private static String schedulerPool(WarmSession session, int slot) {
        String pool = poolName(slot);
        try {
            session.schedulerPool(pool);
            return pool;
        } catch (RuntimeException e) {
            LOG.warn("The engine does not take {}={}: {}", SCHEDULER_POOL, pool, e.toString());
            return "default";
        }
    }

    /** The lowest scheduler pool number no running job uses. */
    private int takeSlot() {
        synchronized (busySlots) {
            int slot = busySlots.nextClearBit(1);
            busySlots.set(slot);
            return slot;
        }
    }

    private void releaseSlot(int slot) {
        synchronized (busySlots) {
            busySlots.clear(slot);
        }
    }

    /** Has a new engine warm itself up ({@link EngineWarmUp}) in the sessions that wait for the next user jobs. */
    private void warmUp(String endpoint, int queries) {
        long start = System.nanoTime();
        int ran = EngineWarmUp.run(endpoint, queries, activity(endpoint), work -> withIdleSession(endpoint, spark -> {
            appId(endpoint, spark);
            work.accept(spark);
        }));
        LOG.info("Engine {}: {} warm-up queries in {} ms", endpoint, ran, ms(start));
    }

    /** Runs {@code work} in a clean session of the engine (an idle one, else a new one), then leaves it idle. */
    private void withIdleSession(String endpoint, java.util.function.Consumer<SparkSession> work) {
        IdleSessions.Taken<WarmSession> taken = idle.take(endpoint);
        closeLater(taken.toClose());
        WarmSession session = taken.session() != null ? taken.session()
                : new WarmSession(connect(endpoint));
        try {
            work.accept(session.spark);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
        closeLater(idle.give(endpoint, session));
    }

    /**
     * A new session of the engine at {@code endpoint}, with its secret. The client sends a {@code ;token=} only
     * over TLS (unless the host is {@code localhost}), and the engine's port is plaintext: the secret goes as the
     * {@code Authorization} metadata the engine checks, which the connection string's other parameters become.
     */
    private SparkSession connect(String endpoint) {
        return SparkSession.builder().config("spark.api.mode", "connect").remote(authorized(endpoint, tokens.get(endpoint)))
                .create();
    }

    static String authorized(String endpoint, String token) {
        return token == null || token.isEmpty() ? endpoint
                : endpoint + (endpoint.contains("/;") ? ";" : "/;") + "authorization=Bearer%20" + token;
    }

    /** The engine's application id, asked once per engine (a restarted engine has a new endpoint). */
    private String appId(String endpoint, SparkSession spark) {
        return appIds.computeIfAbsent(endpoint, e -> spark.conf().get("spark.app.id", ""));
    }

    private void cancel(String job) {
        WarmSession session = sessions.get(job);
        if (session == null) {
            cancelledEarly.add(job);
            return;
        }
        log(job, "interrupting the job's operations");
        try {
            session.spark.interruptTag(tag(job));
        } catch (RuntimeException e) {
            LOG.warn("Interrupting job {} failed: {}", job, e.toString());
        }
    }

    static String tag(String job) {
        return "sparkport-job-" + job;
    }

    private void log(String job, String message) {
        LOG.info("Job {}: {}", job, message);
        emit(event(job, "log").put("message", message));
    }

    private static ObjectNode event(String job, String name) {
        return ResultJson.MAPPER.createObjectNode().put("job", job).put("event", name);
    }

    private synchronized void emit(ObjectNode event) {
        out.println(ResultJson.toString(event));
        out.flush();
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void closeQuietly(WarmSession session) {
        if (session == null) {
            return;
        }
        try {
            session.spark.close();
        } catch (Exception e) {
            LOG.warn("Closing a session failed: {}", e.toString());
        }
    }
}
