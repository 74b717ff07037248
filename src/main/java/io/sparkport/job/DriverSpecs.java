package io.sparkport.job;

import io.sparkport.cluster.DriverSpec;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Pure: the one driver description of a job, whatever backend runs it. */
public final class DriverSpecs {

    public static final String SQL_RUNNER_CLASS = "io.sparkport.sql.SqlRunner";
    public static final String TOKEN_CONF = "spark.sparkport.token";
    /** The listener (spark-apps' sparkport-listener.jar) every backend adds to every driver. */
    public static final String PROGRESS_LISTENER = "io.sparkport.progress.ProgressListener";
    /** Where, and how often (milliseconds), the progress listener in the driver reports; see ProgressTracker. */
    public static final String PROGRESS_URL_CONF = "spark.sparkport.progress.url";
    public static final String PROGRESS_INTERVAL_CONF = "spark.sparkport.progress.intervalMs";

    private DriverSpecs() {
    }

    /**
     * @param callbackBase  the service's base URL as drivers reach it
     * @param token         the secret the driver presents when it reports back (progress; SQL result)
     * @param progressEvery how often the driver reports its progress while it changes
     * @param defaultDriver driver memory when the job asks for none
     */
    public static DriverSpec of(Job job, PoolPolicy policy, String callbackBase, String token,
                                Duration progressEvery, int maxRows,
                                MemorySize defaultDriver, Path logFile) {
        Map<String, String> conf = new LinkedHashMap<>(job.conf);
        conf.put("spark.app.name", job.name == null ? "sparkport-" + job.id : job.name);
        conf.put("spark.cores.max", String.valueOf(job.cores));
        conf.put("spark.executor.cores", String.valueOf(Math.min(job.cores, policy.workerCores())));
        conf.put("spark.executor.memory", new MemorySize(job.executorMemoryMb).toSpark());
        conf.put("spark.driver.memory",
                (job.driverMemoryMb == null ? defaultDriver : new MemorySize(job.driverMemoryMb)).toSpark());
        conf.put("spark.sparkport.job", job.id);
        conf.put("spark.sparkport.pool", job.pool);
        conf.put(TOKEN_CONF, token);
        conf.put(PROGRESS_URL_CONF, callbackBase + "/internal/v1/jobs/" + job.id + "/progress");
        conf.put(PROGRESS_INTERVAL_CONF, String.valueOf(progressEvery.toMillis()));
        if (job.type == JobType.SQL) {
            return new DriverSpec(job.id, job.pool, true, null, SQL_RUNNER_CLASS,
                    sqlRunnerArgs(job, callbackBase, maxRows), List.of(), conf, logFile);
        }
        return new DriverSpec(job.id, job.pool, false, job.appResource, job.mainClass, job.args, job.pyFiles,
                conf, logFile);
    }

    static List<String> sqlRunnerArgs(Job job, String callbackBase, int maxRows) {
        List<String> args = new ArrayList<>();
        args.addAll(List.of("--job", job.id));
        args.addAll(List.of("--sql-base64", Base64.getEncoder().encodeToString(job.sql.getBytes(StandardCharsets.UTF_8))));
        args.addAll(List.of("--max-rows", String.valueOf(maxRows)));
        args.addAll(List.of("--callback", callbackBase + "/internal/v1/jobs/" + job.id + "/result"));
        return args;
    }
}
