package io.sparkport.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgressSenderTest {

    private HttpServer server;
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/v1/jobs/j1/progress", exchange -> {
            reports.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private ProgressSender sender(ProgressCounter counter) {
        return new ProgressSender("http://127.0.0.1:" + server.getAddress().getPort() + "/internal/v1/jobs/j1/progress",
                "tok", 50, counter);
    }

    @Test
    void reportsOnlyWhatChangedAndStopsWhenTheServiceRefuses() throws Exception {
        ProgressCounter counter = new ProgressCounter();
        ProgressSender sender = sender(counter);
        counter.jobStarted(0, Map.of(0, 2));
        sender.start();
        awaitReports(1);
        Thread.sleep(300); // nothing changed: nothing more is sent
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).startsWith("{\"stages\":{\"completed\":0,\"total\":1}"), reports.get(0));

        counter.stageSubmitted(0, "count at A.java:1");
        awaitReports(2);
        assertTrue(reports.get(1).endsWith("\"activeStages\":[\"count at A.java:1\"]}"), reports.get(1));

        status.set(409); // the job ended: the next report is refused and none follows
        counter.taskSucceeded(0, 0);
        awaitReports(3);
        counter.taskSucceeded(0, 1);
        Thread.sleep(300);
        assertEquals(3, reports.size(), reports.toString());
        sender.stop();
    }

    private void awaitReports(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (reports.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, reports.size(), reports.toString());
    }
}
