package io.sparkport.sql;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkport.sql.ResultCallback.CallbackException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sparkport's SQL job, started by spark-submit (client mode) in the data pool's root:
 * {@code --job ID --sql-base64 B64 [--pool-dir DIR] [--max-rows N] [--callback URL]}.
 * The result (or {@code {"error": ...}}) is POSTed to the callback with the bearer token
 * from Spark conf {@value #TOKEN_CONF}, or printed as a table without a callback.
 * Exits 1 on any failure.
 */
public final class SqlRunner {

    /** Spark redacts conf keys containing "token" in its UI and logs. */
    public static final String TOKEN_CONF = "spark.sparkport.token";
    private static final Logger LOG = LoggerFactory.getLogger(SqlRunner.class);

    private SqlRunner() {
    }

    public static void main(String[] argv) {
        int status = run(argv);
        if (status != 0) {
            System.exit(status);
        }
    }

    static int run(String[] argv) {
        // spark-submit passes Spark conf to client-mode drivers as system properties.
        String token = new SparkConf().get(TOKEN_CONF, "");
        RunnerArgs args;
        try {
            args = RunnerArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            LOG.error("Bad arguments: {}", e.getMessage());
            reportError(RunnerArgs.findCallback(argv), token, e);
            return 1;
        }
        ResultCallback callback = args.callback() == null ? null : new ResultCallback(args.callback(), token);
        SparkSession spark = SparkSession.builder().getOrCreate();
        ObjectNode result;
        try {
            result = new SqlJob(spark, args).run();
        } catch (Exception e) {
            LOG.error("Job {} failed", args.jobId(), e);
            spark.stop();
            reportError(args.callback(), token, e);
            return 1;
        }
        // Executors go back to the cluster before the service hears of the result.
        spark.stop();
        return deliver(result, callback);
    }

    private static int deliver(ObjectNode result, ResultCallback callback) {
        if (callback == null) {
            System.out.print(TablePrinter.format(result));
            System.out.flush();
            return 0;
        }
        try {
            callback.post(result);
            return 0;
        } catch (CallbackException e) {
            LOG.error(e.getMessage());
            return 1;
        }
    }

    private static void reportError(String callbackUrl, String token, Exception failure) {
        if (callbackUrl == null) {
            return;
        }
        try {
            new ResultCallback(callbackUrl, token).post(ResultJson.error(ResultJson.reason(failure)));
        } catch (RuntimeException e) {
            LOG.error("Could not report the failure: {}", e.getMessage());
        }
    }
}
