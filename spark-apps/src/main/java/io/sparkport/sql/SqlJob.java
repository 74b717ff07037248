package io.sparkport.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a script: registers the referenced pool files as views, runs every statement and
 * turns the last one's result into the result document (full result written as CSV under
 * {@code <pool>/results/<job>/}, first max-rows rows inline).
 */
final class SqlJob {

    private static final Logger LOG = LoggerFactory.getLogger(SqlJob.class);

    private final SparkSession spark;
    private final RunnerArgs args;

    SqlJob(SparkSession spark, RunnerArgs args) {
        this.spark = spark;
        this.args = args;
    }

    ObjectNode run() throws IOException {
        List<String> statements = SqlScript.split(args.sql());
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("The SQL script holds no statement");
        }
        PoolViews.register(spark, args.poolDir(), args.sql());
        Dataset<Row> last = null;
        for (int i = 0; i < statements.size(); i++) {
            LOG.info("Job {}: statement {}/{}", args.jobId(), i + 1, statements.size());
            last = spark.sql(statements.get(i));
        }
        return result(last);
    }

    private ObjectNode result(Dataset<Row> last) throws IOException {
        if (last.columns().length == 0) {
            return ResultJson.empty();
        }
        Dataset<Row> cached = last.cache();
        try {
            long rowCount = cached.count();
            String resultPath = "results/" + args.jobId() + "/";
            Path dir = args.poolDir().resolve(resultPath);
            ResultWriter.writeCsv(cached, dir);
            List<Row> rows = cached.takeAsList(args.maxRows());
            LOG.info("Job {}: {} rows, {} inline, CSV in {}", args.jobId(), rowCount, rows.size(), dir);
            ZoneId zone = ZoneId.of(spark.conf().get("spark.sql.session.timeZone"));
            return ResultJson.result(cached.schema(), rows, rowCount, resultPath, new JsonValues(zone));
        } finally {
            cached.unpersist();
        }
    }
}
