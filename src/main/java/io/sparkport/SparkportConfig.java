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

    TimelineSettings timeline();

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
    }

    interface Schedules {
        /** How often due schedules are looked for: a slot starts at most this late. */
        @WithDefault("1s")
        Duration tickInterval();

        /** How often finished runs beyond each schedule's history limits are pruned. */
        @WithDefault("30s")
        Duration pruneInterval();
    }

    /** The pools' timelines the console charts (sampled by the reconcile passes). */
    interface TimelineSettings {
        /** How long samples are kept: the longest window the timeline can show. */
        @WithDefault("PT24H")
        Duration retention();

        /** A sample is written at least this often even when nothing changed. */
        @WithDefault("PT5M")
        Duration heartbeat();
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
