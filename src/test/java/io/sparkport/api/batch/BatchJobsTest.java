package io.sparkport.api.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkport.SparkportException;
import io.sparkport.job.JobRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchJobsTest {

    static JobRequest request(Map<String, String> conf, BatchJobs.Resources resources) {
        return BatchJobs.request("fallback", null, "app.jar", "Main", List.of(), null, conf, resources);
    }

    @Test
    void sparkSettingsSparkportOwnsBecomeTheJobsFieldsAndAFieldWins() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executor.memory", "2g");
        conf.put("spark.driver.memory", "1g");
        conf.put("spark.app.name", "from-conf");
        conf.put("spark.executor.cores", "2");
        conf.put("spark.executor.instances", "3");
        conf.put("spark.sql.shuffle.partitions", "4");
        conf.put(BatchJobs.POOL_CONF, "analytics");
        JobRequest r = request(conf, new BatchJobs.Resources("1g", null, null, null, 1));
        assertEquals("analytics", r.pool());
        assertEquals("1g", r.executorMemory(), "the field wins over its setting");
        assertEquals("1g", r.driverMemory());
        assertEquals("from-conf", r.name());
        assertEquals(6, r.cores(), "3 executors x 2 cores");
        assertEquals(Map.of("spark.sql.shuffle.partitions", "4", "spark.driver.cores", "1"), r.conf());
        assertEquals("SPARK", r.type());
    }

    @Test
    void coresComeFromExecutorsOrCoresMaxOrThePool() {
        assertEquals(4, BatchJobs.cores(null, 4, null), "one core per executor unless told");
        assertEquals(2, BatchJobs.cores(2, null, 8), "one executor of executorCores");
        assertEquals(8, BatchJobs.cores(null, null, 8));
        assertNull(BatchJobs.cores(null, null, null));
        assertThrows(SparkportException.class, () -> BatchJobs.cores(0, 2, null));
        assertThrows(SparkportException.class, () -> BatchJobs.cores(65536, 65536, null));
        assertEquals("fallback", request(Map.of(), BatchJobs.Resources.NONE).pool());
    }

    @Test
    void confValuesMayBeNumbersAndBooleansButNothingElse() {
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("spark.a", 8);
        conf.put("spark.b", true);
        conf.put("spark.c", "x");
        assertEquals(Map.of("spark.a", "8", "spark.b", "true", "spark.c", "x"), BatchJobs.strings(conf));
        assertThrows(SparkportException.class, () -> BatchJobs.strings(Map.of("spark.a", List.of(1))));
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("spark.a", null);
        assertThrows(SparkportException.class, () -> BatchJobs.strings(withNull));
        assertThrows(SparkportException.class, () -> request(Map.of("spark.executor.instances", "two"), BatchJobs.Resources.NONE));
    }

    @Test
    void queryParametersAreIntegersOrA400() {
        assertEquals(-1, BatchJobs.intParameter("from", null, -1));
        assertEquals(7, BatchJobs.intParameter("from", " 7 ", -1));
        assertEquals(1_700_000_000_000L, BatchJobs.parameter("createTime", "1700000000000", 0));
        assertEquals(400, assertThrows(SparkportException.class, () -> BatchJobs.intParameter("size", "ten", 1)).kind().status());
        assertThrows(SparkportException.class, () -> BatchJobs.intParameter("size", "99999999999", 1));
    }
}
