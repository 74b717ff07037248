package io.sparkport.sql;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A new engine's warm-up: small queries on made-up data, each only while the engine runs no user job
 * ({@link EngineActivity}), in the clean sessions that wait for the next user jobs. A new engine's JVMs still
 * interpret and compile the code every query runs through, and so does each session (its generated code has a
 * class loader of its own on the executors). Nothing is reported and nothing stays in the sessions; the made-up
 * data is cached on the engine like a small pool file, and dropped at the end.
 */
final class EngineWarmUp {

    /** The tag of the warm-up's operations on the engine (its Spark jobs show it on the engine's UI). */
    static final String TAG = "sparkport-warm-up";
    /** A warm-up query starts only after the engine ran no user job for this long. */
    static final long QUIET_MS = 100;
    /** A warm-up ends this long after it began, done or not. */
    static final long MAX_MS = 300_000;
    private static final Logger LOG = LoggerFactory.getLogger(EngineWarmUp.class);

    private EngineWarmUp() {
    }

    /** Where the warm-up runs a piece of work: a clean session of the engine, left clean for the next job. */
    interface Sessions {
        void run(Consumer<SparkSession> work);
    }

    /** Runs up to {@code queries} warm-up queries on the engine at {@code endpoint}; returns how many ran. */
    static int run(String endpoint, int queries, EngineActivity activity, Sessions sessions) {
        long deadline = System.currentTimeMillis() + MAX_MS;
        int ran = 0;
        if (queries > 0) {
            LOG.info("Engine {}: {} warm-up queries, each while it runs no user job", endpoint, queries);
        }
        try {
            while (ran < queries && awaitQuiet(activity, deadline)) { // a job that waited for the engine goes first
                int query = ran;
                sessions.run(spark -> {
                    if (query == 0) {
                        data(spark).persist();
                    }
                    spark.addTag(TAG);
                    try {
                        query(spark, query);
                    } finally {
                        spark.removeTag(TAG);
                    }
                });
                ran++;
            }
        } catch (RuntimeException | InterruptedException e) {
            LOG.warn("Warming up {} failed after {} queries: {}", endpoint, ran, e.toString());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (ran > 0) {
                try {
                    sessions.run(spark -> data(spark).unpersist());
                } catch (RuntimeException e) {
                    LOG.warn("Dropping the warm-up data of {} failed: {}", endpoint, e.toString());
                }
            }
        }
        return ran;
    }

    /** The made-up data: like a small pool file (strings and numbers), one partition. */
    static Dataset<Row> data(SparkSession spark) {
        return spark.range(0, 96, 1, 1).selectExpr("concat('k', id % 5) AS k", "concat('t', id % 3) AS t",
                "CAST(id * 37 % 100 AS INT) AS n", "id / 7.0 AS d").coalesce(1);
    }

    /**
     * The warm-up query number {@code i}, in turn the shapes of small queries: a group-by, a filter and sort,
     * aggregates, and a SQL text (the parser).
     */
    static void query(SparkSession spark, int i) {
        Dataset<Row> data = data(spark);
        Dataset<Row> query = switch (i % 5) {
            case 0 -> data.groupBy("k").agg(sum("n").as("total")).orderBy("k");
            case 1 -> data.where("n > 30").select("k", "t", "n").orderBy(col("n").desc());
            case 2 -> data.groupBy("t").agg(count("*").as("c"), avg("d").as("a")).orderBy(col("c").desc());
            case 3 -> data.agg(count("*").as("c"), max("d").as("m"), min("k").as("k"));
            default -> spark.sql("SELECT k, SUM(n) AS total FROM VALUES ('a', 1), ('b', 2), ('a', 3) AS v(k, n) "
                    + "WHERE n > 0 GROUP BY k ORDER BY k");
        };
        query.collectAsList();
    }

    /** Waits until the engine is quiet; false if the deadline came first. */
    private static boolean awaitQuiet(EngineActivity activity, long deadline) throws InterruptedException {
        while (!activity.quiet(QUIET_MS)) {
            if (System.currentTimeMillis() >= deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return System.currentTimeMillis() < deadline;
    }
}
