package io.sparkport.files;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.nio.charset.Charset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The file server of one data pool: serves the files under a root directory (the pool's PVC, in a pod that
 * mounts it) over HTTP to the service, streamed both ways. JDK only, so that its jar runs alone:
 * {@code java -cp sparkport-files.jar io.sparkport.files.PoolFileServer --root DIR --port N [--bind ADDRESS]
 * [--idle-exit DURATION]} with the bearer token in {@code $SPARKPORT_FILES_TOKEN}. Logs a line per request to
 * stderr and stops on SIGTERM, letting running requests finish for a few seconds; with {@code --idle-exit} it
 * also exits (status 0) once no request came for that long, so that its pod ends and frees its resources.
 */
public final class PoolFileServer {

    public static final String TOKEN_ENV = "SPARKPORT_FILES_TOKEN";
    static final int THREADS = 8;
    static final int STOP_GRACE_SECONDS = 5;

    private final HttpServer server;
    private final ExecutorService executor;
    private final InFlight inFlight;

    private PoolFileServer(HttpServer server, ExecutorService executor, InFlight inFlight) {
        this.server = server;
        this.executor = executor;
        this.inFlight = inFlight;
    }

    public static void main(String[] args) {
        ServerArgs parsed = null;
        try {
            parsed = ServerArgs.parse(args);
        } catch (IllegalArgumentException e) {
            exit(2, e.getMessage() + "\n" + ServerArgs.USAGE);
        }
        String token = System.getenv(TOKEN_ENV);
        if (token == null || token.isBlank()) {
            exit(2, "the environment variable " + TOKEN_ENV + " must hold the bearer token");
        }
        warnUnlessUtf8FileNames();
        try {
            PoolFileServer server = start(parsed, token, System.err::println);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.stop();
                System.err.println("sparkport-files: stopped");
            }, "sparkport-files-stop"));
            System.err.println("sparkport-files: serving " + parsed.root() + " on " + parsed.bind() + ":" + server.port()
                    + (parsed.idleExit() == null ? "" : ", exiting after " + parsed.idleExit() + " idle"));
            if (parsed.idleExit() != null) {
                server.exitWhenIdle(parsed.idleExit());
            }
        } catch (IOException | RuntimeException e) {
            exit(1, "cannot serve on " + parsed.bind() + ":" + parsed.port() + ": " + HttpFailure.reason(e));
        }
    }

    /** Starts serving (port 0: a free one) with a fixed pool of {@value #THREADS} request threads. */
    public static PoolFileServer start(ServerArgs args, String token, Consumer<String> log) throws IOException {
        BearerToken bearer = new BearerToken(token);
        HttpServer server = HttpServer.create(new InetSocketAddress(args.bind(), args.port()), 0);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, threads());
        InFlight inFlight = new InFlight();
        server.createContext("/", new Router(args.root(), bearer, log, inFlight));
        server.setExecutor(executor);
        server.start();
        return new PoolFileServer(server, executor, inFlight);
    }

    /** Exits the JVM (status 0, through the shutdown hook's stop) once idle for the given time. */
    private void exitWhenIdle(Duration idle) {
        Thread watch = new Thread(() -> {
            long checkMillis = Math.max(10, Math.min(1000, idle.toMillis() / 4));
            try {
                while (!inFlight.idleFor(idle.toNanos())) {
                    Thread.sleep(checkMillis);
                }
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("sparkport-files: idle for " + idle + ", exiting");
            System.exit(0);
        }, "sparkport-files-idle");
        watch.setDaemon(true);
        watch.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Waits up to {@value #STOP_GRACE_SECONDS} s for the requests in flight, then stops: closes every
     * connection (an upload still running ends early and leaves nothing) and the request threads.
     */
    public void stop() {
        try {
            inFlight.awaitIdle(STOP_GRACE_SECONDS * 1000L);
            server.stop(0);
            executor.shutdown();
            if (!executor.awaitTermination(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            server.stop(0);
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "sparkport-files-" + count.incrementAndGet());
            thread.setDaemon(true); // the server's dispatcher thread keeps the JVM alive, not these
            return thread;
        };
    }

    /** A file name the JVM cannot encode cannot be served: say so at start rather than per request. */
    private static void warnUnlessUtf8FileNames() {
        String encoding = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
        if (!"UTF-8".equalsIgnoreCase(encoding)) {
            System.err.println("sparkport-files: file names are encoded as " + encoding
                    + ", not UTF-8: names outside it are refused; run with LANG=C.UTF-8");
        }
    }

    private static void exit(int code, String message) {
        System.err.println("sparkport-files: " + message);
        System.exit(code);
    }
}
