package io.sparkport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Typed configuration of the service: every {@code sparkport.*} key lives here. */
@ConfigMapping(prefix = "sparkport")
public interface SparkportConfig {

    /** Root of everything the service writes: database, pools, job logs, Spark work dirs. */
    @WithDefault("./data")
    Path dataDir();

    /** Where clusters and drivers run. */
    @WithDefault("local")
    Backend backend();

    /** Base URL drivers use to report results back; derived from the HTTP port when unset. */
    Optional<String> callbackUrl();

    /** Period of the safety-net reconcile pass; submissions and job endings kick a pass at once. */
    @WithDefault("1s")
    Duration reconcileInterval();

    /** How often the Spark UI of each running driver is read for the job's progress. */
    @WithDefault("1s")
    Duration progressInterval();

    DefaultPool defaultPool();

    Sql sql();

    Local local();

    Schedules schedules();

    enum Backend { LOCAL, KUBERNETES }

    /** Policy of the pool named {@code default}, created on the first start. */
    interface DefaultPool {
        @WithDefault("0")
        int minWorkers();

        @WithDefault("2")
        int maxWorkers();

        @WithDefault("1")
        int workerCores();

        @WithDefault("1g")
        String workerMemory();

        @WithDefault("PT5M")
        Duration idleTimeout();
    }

    interface Sql {
        /** Rows of an SQL result sent back to the service as its preview. */
        @WithDefault("10000")
        int maxRows();

        /** The warm SQL engine of each pool (a Spark Connect server on the pool's cluster). */
        Engine engine();
    }

    interface Engine {
        /** Whether SQL jobs run on a warm engine by default; with false every SQL job runs as a batch driver. */
        @WithDefault("true")
        boolean enabled();

        /** Executor cores the engine holds on its pool's cluster while it runs (at most the pool's largest cluster). */
        @WithDefault("1")
        int cores();

        /** Heap of the engine's driver (the Connect server), which also collects result previews. */
        @WithDefault("1g")
        String driverMemory();

        /** Memory of each engine executor; the pool's worker memory when unset. */
        Optional<String> executorMemory();

        /** How long an engine may take to answer with its executors before it is restarted. */
        @WithDefault("PT2M")
        Duration startTimeout();

        /** Heap of the service's Spark Connect client process (the gateway). */
        @WithDefault("256m")
        String clientMemory();
    }

    interface Schedules {
        /** How often due schedules are looked for: a slot starts at most this late. */
        @WithDefault("1s")
        Duration tickInterval();

        /** How often finished runs beyond each schedule's history limits are pruned. */
        @WithDefault("30s")
        Duration pruneInterval();
    }

    interface Local {
        /** A Spark home (jars/, bin/spark-submit); the build assembles one under target/. */
        @WithDefault("target/spark-home")
        Path sparkHome();

        /** Heap of each Master and Worker daemon JVM. */
        @WithDefault("256m")
        String daemonMemory();

        /** Heap of each driver JVM unless the job asks for another. */
        @WithDefault("512m")
        String driverMemory();

        /** How long a started cluster may take to register its workers before it is restarted. */
        @WithDefault("PT90S")
        Duration startTimeout();
    }
}
