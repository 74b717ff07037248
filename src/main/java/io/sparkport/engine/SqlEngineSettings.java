package io.sparkport.engine;

import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.SparkportConfig;
import io.sparkport.pool.MemorySize;
import io.sparkport.pool.PoolPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/** The warm SQL engine's configuration ({@code sparkport.sql.engine.*}) joined with what the backend can do. */
@ApplicationScoped
public class SqlEngineSettings {

    private final ClusterBackend backend;
    private final SparkportConfig.Engine config;
    private final java.time.Duration clientIdleTimeout;

    public SqlEngineSettings(ClusterBackend backend, SparkportConfig config) {
        this.backend = backend;
        this.config = config.sql().engine();
        this.clientIdleTimeout = config.connect().sessionIdleTimeout();
    }

    /** Whether SQL jobs run on warm engines by default (and may ask for one). */
    public boolean available() {
        return config.enabled() && backend.supportsSqlEngine();
    }

    public int cores(PoolPolicy policy) {
        return SqlEnginePlan.engineCores(policy, config.cores());
    }

    public SqlEngineSpec spec(String pool, PoolPolicy policy) {
        MemorySize executor = config.executorMemory()
                .map(m -> MemorySize.parseForSpark("sparkport.sql.engine.executor-memory", m)).orElse(null);
        SqlEngineSpec spec = SqlEnginePlan.spec(pool, policy, config.cores(),
                MemorySize.parseForSpark("sparkport.sql.engine.driver-memory", config.driverMemory()), executor);
        // a client session the frontend released for idleness goes on the engine too (both count from the last call)
        spec.conf().put("spark.connect.session.manager.defaultSessionTimeout", clientIdleTimeout.toSeconds() + "s");
        return spec;
    }
}
