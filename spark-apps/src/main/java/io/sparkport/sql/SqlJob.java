package io.sparkport.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Consumer;
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
    private java.util.Set<String> views = java.util.Set.of();

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
        return result(statements(null));
    }

    /**
     * The warm engine's way: pool file schemas come from {@code schemas} once inferred, and a result
     * that fits the preview is collected once and written from the collected rows, instead of
     * caching, counting and reading it three times.
     */
    ObjectNode runWarm(PoolViews.SchemaCache schemas) throws IOException {
        Dataset<Row> last = statements(schemas);
        if (last.columns().length == 0) {
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
        StructType schema = last.schema();
        if (LocalCsv.canWrite(schema, head)) {
            LocalCsv.write(schema, head, dir); // plain values: the very file Spark would write, without a job
        } else {
            ResultWriter.writeCsv(spark.createDataFrame(head, schema), dir);
        }
        jobLog.accept("full result written to " + resultPath + " in " + ms(start) + " ms");
        return ResultJson.result(schema, head, head.size(), resultPath, new JsonValues(sessionZone()));
    }

    /** The temporary views of pool files it registered. */
    java.util.Set<String> views() {
        return views;
    }

    private Dataset<Row> statements(PoolViews.SchemaCache schemas) throws IOException {
        List<String> statements = SqlScript.split(args.sql());
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("The SQL script holds no statement");
        }
        long start = System.nanoTime();
        var registered = PoolViews.register(spark, args.poolDir(), args.sql(), schemas);
        views = registered.keySet();
        if (!registered.isEmpty()) {
            jobLog.accept("pool files as views: " + registered.keySet() + " in " + ms(start) + " ms");
        }
        Dataset<Row> last = null;
        for (int i = 0; i < statements.size(); i++) {
            start = System.nanoTime();
            jobLog.accept("statement " + (i + 1) + "/" + statements.size() + ": " + oneLine(statements.get(i)));
            last = spark.sql(statements.get(i));
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
            return ResultJson.result(cached.schema(), rows, rowCount, resultPath, new JsonValues(sessionZone()));
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
