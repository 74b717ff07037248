package io.sparkport.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRequestsTest {

    static final PoolPolicy POLICY = new PoolPolicy(0, 4, 1, new MemorySize(1024), Duration.ofMinutes(5), Duration.ZERO);

    static JobRequest sql(String sql) {
        return new JobRequest("demo", "SQL", null, sql, null, null, null, null, null, null, null, null, null);
    }

    static JobRequest app(String resource, String mainClass, Integer cores, String executorMemory, Map<String, String> conf) {
        return new JobRequest("demo", "spark", "pi", null, resource, mainClass, List.of("10"), null, conf, cores,
                executorMemory, null, 5);
    }

    static String message(JobRequest r, boolean python) {
        return assertThrows(SparkportException.class, () -> JobRequests.toJob(r, POLICY, python)).getMessage();
    }

    @Test
    void anSqlJobTakesThePoolsDefaults() {
        Job job = JobRequests.toJob(sql("SELECT 1"), POLICY, false);
        assertEquals(JobType.SQL, job.type);
        assertEquals(JobState.QUEUED, job.state);
        assertEquals(1, job.cores);
        assertEquals(1024, job.executorMemoryMb);
        assertEquals(0, job.priority);
    }

    static JobRequest sqlOn(String engine) {
        return new JobRequest("demo", "SQL", null, "SELECT 1", null, null, null, null, null, null, null, null, null, engine);
    }

    @Test
    void sqlRunsWarmByDefaultWhereAnEngineIsAvailable() {
        assertEquals(JobEngine.WARM, JobRequests.toJob(sqlOn(null), POLICY, false, true).engine);
        assertEquals(JobEngine.BATCH, JobRequests.toJob(sqlOn(null), POLICY, false, false).engine);
        assertEquals(JobEngine.BATCH, JobRequests.toJob(sqlOn("batch"), POLICY, false, true).engine);
        assertEquals(JobEngine.WARM, JobRequests.toJob(sqlOn(" Warm "), POLICY, false, true).engine);
        assertEquals(JobEngine.BATCH, JobRequests.toJob(sql("SELECT 1"), POLICY, false).engine,
                "the form without engines runs batch");
        assertEquals(null, JobRequests.toJob(app("a.jar", "x.Pi", 1, null, null), POLICY, false, true).engine);
    }

    @Test
    void refusesAnUnknownOrUnavailableEngine() {
        SparkportException unknown = assertThrows(SparkportException.class,
                () -> JobRequests.toJob(sqlOn("hot"), POLICY, false, true));
        assertEquals(SparkportException.Kind.INVALID, unknown.kind());
        assertEquals("engine 'hot' is unknown: use warm or batch", unknown.getMessage());
        assertTrue(assertThrows(SparkportException.class, () -> JobRequests.toJob(sqlOn("warm"), POLICY, false, false))
                .getMessage().contains("not available"));
        JobRequest appOnEngine = new JobRequest("demo", "SPARK", null, null, "a.jar", "x.Pi", null, null, null, null,
                null, null, null, "warm");
        assertTrue(assertThrows(SparkportException.class, () -> JobRequests.toJob(appOnEngine, POLICY, false, true))
                .getMessage().contains("engine is not used by a SPARK job"));
    }

    @Test
    void anApplicationKeepsWhatItAsks() {
        Job job = JobRequests.toJob(app("jars/pi.jar", "x.Pi", 3, "512m", Map.of("spark.sql.shuffle.partitions", "4")),
                POLICY, false);
        assertEquals(JobType.SPARK, job.type);
        assertEquals("jars/pi.jar", job.appResource);
        assertEquals(3, job.cores);
        assertEquals(512, job.executorMemoryMb);
        assertEquals(5, job.priority);
        assertEquals(Map.of("spark.sql.shuffle.partitions", "4"), job.conf);
    }

    @Test
    void refusesWhatCanNeverRun() {
        assertTrue(message(app("a.jar", "x.Pi", 5, null, null), false).contains("can never fit"));
        assertTrue(message(app("a.jar", "x.Pi", 1, "2g", null), false).contains("can never fit"));
        assertTrue(message(app("a.jar", "x.Pi", 0, null, null), false).contains("at least 1"));
        assertTrue(message(app("app.py", null, 1, null, null), false).contains("PySpark"));
    }

    @Test
    void refusesMissingOrMisplacedFields() {
        assertTrue(message(sql(" "), false).contains("sql is required"));
        assertTrue(message(app(null, "x.Pi", 1, null, null), false).contains("appResource is required"));
        assertTrue(message(app("a.jar", null, 1, null, null), false).contains("mainClass is required"));
        assertTrue(message(new JobRequest("demo", "HIVE", null, "x", null, null, null, null, null, null, null, null, null),
                false).contains("unknown"));
        assertTrue(message(new JobRequest("demo", null, null, "x", null, null, null, null, null, null, null, null, null),
                false).contains("type is required"));
        assertTrue(message(new JobRequest("demo", "SQL", null, "x", "a.jar", null, null, null, null, null, null, null, null),
                false).contains("appResource is not used"));
    }

    @Test
    void refusesConfSparkportOwns() {
        assertTrue(message(app("a.jar", "x.Pi", 1, null, Map.of("spark.master", "local")), false).contains("set by Sparkport"));
        assertTrue(message(app("a.jar", "x.Pi", 1, null, Map.of("spark.sparkport.token", "t")), false).contains("set by Sparkport"));
        assertTrue(message(app("a.jar", "x.Pi", 1, null, Map.of("hadoop.x", "1")), false).contains("must start with"));
        assertTrue(message(app("a.jar", "x.Pi", 1, null, Map.of("spark.ui.port", "4040")), false)
                .contains("shown as the job's sparkUiUrl"));
    }

    @Test
    void refusesResourcesOutsideThePoolOrOddSchemes() {
        assertThrows(SparkportException.class, () -> JobRequests.toJob(app("../x.jar", "x.Pi", 1, null, null), POLICY, false));
        assertTrue(message(app("hdfs://nn/x.jar", "x.Pi", 1, null, null), false).contains("only file:/"));
        assertEquals("https://example.org/x.jar",
                JobRequests.toJob(app("https://example.org/x.jar", "x.Pi", 1, null, null), POLICY, false).appResource);
    }

    @Test
    void theDriverSpecCarriesResourcesAndTheSqlRunnerArguments() {
        Job job = JobRequests.toJob(sql("SELECT 'é'"), POLICY, false);
        job.id = "abc";
        var spec = DriverSpecs.of(job, POLICY, "http://127.0.0.1:9", "tok", Duration.ofMillis(700), 100, new MemorySize(384), Path.of("/l"));
        assertTrue(spec.sqlRunner());
        assertEquals(DriverSpecs.SQL_RUNNER_CLASS, spec.mainClass());
        assertEquals("1", spec.conf().get("spark.cores.max"));
        assertEquals("1", spec.conf().get("spark.executor.cores"));
        assertEquals("1024m", spec.conf().get("spark.executor.memory"));
        assertEquals("384m", spec.conf().get("spark.driver.memory"));
        assertEquals("tok", spec.conf().get(DriverSpecs.TOKEN_CONF));
        List<String> args = spec.args();
        assertEquals("SELECT 'é'", new String(Base64.getDecoder().decode(args.get(args.indexOf("--sql-base64") + 1)),
                StandardCharsets.UTF_8));
        assertEquals("http://127.0.0.1:9/internal/v1/jobs/abc/result", args.get(args.indexOf("--callback") + 1));
        assertEquals("http://127.0.0.1:9/internal/v1/jobs/abc/progress", spec.conf().get(DriverSpecs.PROGRESS_URL_CONF));
        assertEquals("700", spec.conf().get(DriverSpecs.PROGRESS_INTERVAL_CONF));
    }

    @Test
    void everyDriverGetsTheTokenAndWhereToReportItsProgress() {
        Job job = JobRequests.toJob(app("jars/x.jar", "x.Pi", 1, null, null), POLICY, false);
        job.id = "def";
        var spec = DriverSpecs.of(job, POLICY, "http://h:1", "secret", Duration.ofSeconds(1), 100, new MemorySize(384), Path.of("/l"));
        assertEquals("secret", spec.conf().get(DriverSpecs.TOKEN_CONF));
        assertEquals("http://h:1/internal/v1/jobs/def/progress", spec.conf().get(DriverSpecs.PROGRESS_URL_CONF));
        assertEquals("1000", spec.conf().get(DriverSpecs.PROGRESS_INTERVAL_CONF));
    }
}
