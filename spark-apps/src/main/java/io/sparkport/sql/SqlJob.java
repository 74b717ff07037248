package io.sparkport.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a script: registers the referenced pool files as views, runs every statement and
 * turns the last one's result into the result document (full result written as CSV under
 * {@code <pool>/results/<job>/}, first max-rows rows inline). The same code runs in the SQL
 * runner (a classic session) and in the warm SQL gateway (a Spark Connect session).
 */
final class SqlJob {

    private static final Logger LOG = LoggerFactory.getLogger(SqlJob.class);

    private final SparkSession spark;
    private final RunnerArgs args;
    private final Consumer<String> jobLog;

    SqlJob(SparkSession spark, RunnerArgs args) {
        this(spark, args, message -> LOG.info("Job {}: {}", args.jobId(), message));
    }

    /** @param jobLog where the job's progress lines go (statements, timings) */
    SqlJob(SparkSession spark, RunnerArgs args, Consumer<String> jobLog) {
        this.spark = spark;
        this.args = args;
        this.jobLog = jobLog;
    }

    ObjectNode run() throws IOException {
        return result(statements(SqlScript.split(args.sql()), PoolViews.INFER, new java.util.HashMap<>(), false));
    }

    /**
     * The warm engine's way: pool files are read through {@code files} (schemas inferred once, small files cached
     * on the engine), the session keeps the pool views it has ({@code held}: view to file version) while their
     * files stay the same, a last statement that is a plain query goes to the engine once, with its collect
     * ({@link LazyQuery}), and a result that fits the preview is collected once and written from the collected
     * rows, instead of caching, counting and reading it three times. Each call on the session is a round trip to
     * the engine: the result's schema comes with its rows, and {@code zone} (the session's time zone) is asked
     * only when a value needs it.
     */
    ObjectNode runWarm(PoolViews.Source files, Map<String, String> held, Supplier<ZoneId> zone)
            throws IOException {
        List<String> script = SqlScript.split(args.sql());
        Dataset<Row> last = statements(script, files, held, true);
        // A query always has columns; a command's empty answer has none (asking costs a round trip).
        if (!SqlScript.isQuery(script.get(script.size() - 1)) && last.columns().length == 0) {
            return ResultJson.empty();
        }
        long start = System.nanoTime();
        List<Row> head = last.limit(args.maxRows() + 1).collectAsList();
        if (head.size() > args.maxRows()) {
            jobLog.accept("result has more than " + args.maxRows() + " rows: counting and writing it in full");
            return result(last);
        }
        jobLog.accept("result: " + head.size() + " rows in " + ms(start) + " ms");
        start = System.nanoTime();
        String resultPath = resultPath();
        Path dir = args.poolDir().resolve(resultPath);
        StructType schema = head.isEmpty() || head.get(0).schema() == null ? last.schema() : head.get(0).schema();
        if (LocalCsv.canWrite(schema, head)) {
            LocalCsv.write(schema, head, dir); // plain values: the very file Spark would write, without a job
        } else {
            ResultWriter.writeCsv(spark.createDataFrame(head, schema), dir);
        }
        jobLog.accept("full result written to " + resultPath + " in " + ms(start) + " ms");
        return ResultJson.result(schema, head, head.size(), resultPath, new JsonValues(zone));
    }

    private Dataset<Row> statements(List<String> statements, PoolViews.Source files, Map<String, String> held,
                                    boolean lazyLastQuery) throws IOException {
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("The SQL script holds no statement");
        }
        long start = System.nanoTime();
        Map<String, String> before = Map.copyOf(held);
        var registered = PoolViews.register(spark, args.poolDir(), args.sql(), files, held);
        if (!registered.isEmpty()) {
            long kept = registered.keySet().stream().filter(v -> held.get(v).equals(before.get(v))).count();
            long cached = registered.values().stream().filter(files::cached).count();
            List<String> notes = new java.util.ArrayList<>();
            if (kept > 0) {
                notes.add(kept + " kept from the session's last job");
            }
            if (cached > 0) {
                notes.add(cached + " cached on the engine");
            }
            jobLog.accept("pool files as views: " + registered.keySet() + " in " + ms(start) + " ms"
                    + (notes.isEmpty() ? "" : " (" + String.join("; ", notes) + ")"));
        }
        Dataset<Row> last = null;
        for (int i = 0; i < statements.size(); i++) {
            start = System.nanoTime();
            String statement = statements.get(i);
            jobLog.accept("statement " + (i + 1) + "/" + statements.size() + ": " + oneLine(statement));
            if (lazyLastQuery && i == statements.size() - 1 && SqlScript.isQuery(statement)) {
                last = LazyQuery.of(spark, statement); // analysed with its collect
                continue;
            }
            last = spark.sql(statement);
            jobLog.accept("statement " + (i + 1) + "/" + statements.size() + " planned in " + ms(start) + " ms");
        }
        return last;
    }

    private ObjectNode result(Dataset<Row> last) throws IOException {
        if (last.columns().length == 0) {
            return ResultJson.empty();
        }
        Dataset<Row> cached = last.cache();
        try {
            long rowCount = cached.count();
            String resultPath = resultPath();
            Path dir = args.poolDir().resolve(resultPath);
            ResultWriter.writeCsv(cached, dir);
            List<Row> rows = cached.takeAsList(args.maxRows());
            jobLog.accept(rowCount + " rows, " + rows.size() + " inline, CSV in " + dir);
            return ResultJson.result(cached.schema(), rows, rowCount, resultPath, new JsonValues(this::sessionZone));
        } finally {
            cached.unpersist();
        }
    }

    private String resultPath() {
        return "results/" + args.jobId() + "/";
    }

    private ZoneId sessionZone() {
        return ZoneId.of(spark.conf().get("spark.sql.session.timeZone"));
    }

    private static String oneLine(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        return flat.length() <= 500 ? flat : flat.substring(0, 500) + "...";
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
