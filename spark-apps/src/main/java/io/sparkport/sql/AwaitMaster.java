package io.sparkport.sql;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a driver start together with its cluster's master: Spark initialises plugins before the task scheduler
 * registers the application, and this one holds that step until the master's status page says ALIVE (at most
 * {@link #MAX_WAIT}). Without it a driver that finds no master tries again only 20 s later, so the driver had to
 * wait for the master before its JVM even started. The master's web UI is {@value #MASTER_UI_CONF}; without it
 * the plugin does nothing.
 */
public final class AwaitMaster implements SparkPlugin {

    public static final String MASTER_UI_CONF = "spark.sparkport.master.ui";
    static final Duration MAX_WAIT = Duration.ofSeconds(120);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Pattern ALIVE = Pattern.compile("\"status\"\\s*:\\s*\"ALIVE\"");
    private static final Logger LOG = LoggerFactory.getLogger(AwaitMaster.class);

    @Override
    public DriverPlugin driverPlugin() {
        return new DriverPlugin() {
            @Override
            public Map<String, String> init(SparkContext sc, PluginContext context) {
                String ui = sc.getConf().get(MASTER_UI_CONF, "");
                if (!ui.isEmpty()) {
                    await(ui, MAX_WAIT);
                }
                return Map.of();
            }
        };
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return null;
    }

    /** Waits until the master at {@code ui} is ALIVE or {@code max} passed; returns whether it is. */
    static boolean await(String ui, Duration max) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(ui.replaceAll("/+$", "") + "/json/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && ALIVE.matcher(response.body()).find()) {
                    LOG.info("Master at {} is ALIVE (waited {} ms)", ui, (System.nanoTime() - start) / 1_000_000);
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (System.nanoTime() >= deadline) {
                LOG.warn("Master at {} not ALIVE after {}: registering anyway", ui, max);
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
