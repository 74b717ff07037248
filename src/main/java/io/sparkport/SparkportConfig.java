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

    Limits limits();

    Retries retries();

    Auth auth();

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

    /** What a request may carry; beyond these: 413 (bodies) or 422 (fields), with a problem body. */
    interface Limits {
        /** Body of a JSON request (jobs, pools, schedules). */
        @WithDefault("4M")
        io.quarkus.runtime.configuration.MemorySize jsonBody();

        /** Body of a file upload into a pool. */
        @WithDefault("2G")
        io.quarkus.runtime.configuration.MemorySize upload();

        /** Characters of an SQL job's text. */
        @WithDefault("1000000")
        int sqlChars();

        /** Entries of a job's {@code args} (and of {@code pyFiles}). */
        @WithDefault("1000")
        int args();

        /** Entries of a job's {@code conf}. */
        @WithDefault("200")
        int conf();

        /** Most retries a job may ask for. */
        @WithDefault("10")
        int retries();
    }

    /** Backoff between the attempts of a job with {@code retries}: first, doubled per attempt, capped. */
    interface Retries {
        @WithDefault("PT10S")
        Duration initialBackoff();

        @WithDefault("PT10M")
        Duration maxBackoff();
    }

    /**
     * Who may call {@code /api/v1}. On by default (the test and dev profiles turn it off); turning it
     * off leaves every caller an admin, with a warning in the log.
     */
    interface Auth {
        @WithDefault("true")
        boolean enabled();

        /** Static bearer tokens by user name: the SHA-256 (hex) of the token, roles and groups. */
        java.util.Map<String, Token> tokens();

        /** Generate an admin token on the first start, kept in {@code <data-dir>/admin-token}. */
        @WithDefault("true")
        boolean generateAdminToken();

        interface Token {
            /** SHA-256 of the token, hex. */
            String hash();

            /** {@code admin} or {@code user}. */
            @WithDefault("user")
            java.util.List<String> roles();

            Optional<java.util.List<String>> groups();
        }
    }
}
