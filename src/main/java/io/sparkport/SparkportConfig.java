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

    /** How often a running driver reports its job's progress to the service (when it changed). */
    @WithDefault("1s")
    Duration progressInterval();

    DefaultPool defaultPool();

    Sql sql();

    Local local();

    Schedules schedules();

    Kubernetes kubernetes();

    TimelineSettings timeline();

    Limits limits();

    Retries retries();

    Auth auth();

    Idempotency idempotency();

    Batches batches();

    Connect connect();

    enum Backend { LOCAL, KUBERNETES }

    /**
     * The Spark Connect frontend: stock Spark clients open sessions on a pool's warm SQL engine through it
     * ({@code sc://host:port/;token=<token>;x-sparkport-pool=<pool>}).
     */
    interface Connect {
        @WithDefault("true")
        boolean enabled();

        /** Address the frontend listens on; without TLS only a loopback address is allowed. */
        @WithDefault("127.0.0.1")
        String host();

        /** Its port ({@code 0}: a free one); 15002 is Spark Connect's own default, which clients assume. */
        @WithDefault("15002")
        int port();

        /**
         * The host clients use in {@code sparkConnectUrl}; {@code localhost} without TLS (the only host a JVM
         * client sends a token to in plaintext), else the machine's name.
         */
        Optional<String> publicHost();

        /** The port clients use in {@code sparkConnectUrl} (behind a Service or a load balancer); the port above when unset. */
        Optional<Integer> publicPort();

        /** PEM certificate chain of the TLS frontend; with {@code tls-key}, the port serves TLS only. */
        Optional<Path> tlsCertificate();

        /** PEM private key (PKCS#8, {@code BEGIN PRIVATE KEY}) of {@code tls-certificate}. */
        Optional<Path> tlsKey();

        /** A client session without calls for this long is released: it no longer keeps the pool's cluster up. */
        @WithDefault("PT30M")
        Duration sessionIdleTimeout();

        /** How long a client's first call waits for the pool's cluster and engine to come up. */
        @WithDefault("PT5M")
        Duration startTimeout();
    }

    /** The Livy and Kyuubi batch surfaces ({@code /livy}, {@code /kyuubi/api/v1}). */
    interface Batches {
        /**
         * The pool of a batch whose request names none (Livy's {@code queue}, or the conf key
         * {@code spark.sparkport.pool}, name one).
         */
        @WithDefault("default")
        String pool();
    }

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

        /**
         * Pool files up to this size are kept in the engine executors' memory, one partition each, from the first
         * query that reads them until they change: later queries neither parse them again nor shuffle them.
         * {@code 0} keeps none.
         */
        @WithDefault("32M")
        io.quarkus.runtime.configuration.MemorySize cacheMaxFileSize();

        /**
         * Small queries on made-up data a new engine runs while no user job runs on it, so that its JVMs have
         * compiled the code queries run through before users send theirs. {@code 0} runs none.
         */
        @WithDefault("40")
        int warmUpQueries();
    }

    interface Schedules {
        /** How often due schedules are looked for: a slot starts at most this late. */
        @WithDefault("1s")
        Duration tickInterval();

        /** How often finished runs beyond each schedule's history limits are pruned. */
        @WithDefault("30s")
        Duration pruneInterval();
    }

    /** {@code Idempotency-Key} records of job and schedule creation. */
    interface Idempotency {
        /** How long a used key answers repeats; after that it is forgotten and may create again. */
        @WithDefault("PT24H")
        Duration retention();
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

        /**
         * Whether Spark JVMs (daemons, drivers, executors, SQL engines) map the Spark home's class data archive
         * ({@code cds/spark.jsa}, written by the build) instead of loading Spark's classes afresh.
         */
        @WithDefault("true")
        boolean classDataSharing();
    }

    /** The Kubernetes backend ({@code sparkport.backend=kubernetes}); the API client is configured in-cluster or by KUBECONFIG. */
    interface Kubernetes {
        /** Namespace of every object Sparkport creates, and of its leader lease. */
        @WithDefault("sparkport")
        String namespace();

        /** A kubeconfig file to use instead of the standard lookup (in-cluster, then KUBECONFIG, then ~/.kube/config). */
        Optional<Path> kubeconfig();

        /** Image of masters, workers and drivers: apache/spark 4.2.0 plus Sparkport's jars (k8s/spark-runtime.Dockerfile). */
        @WithDefault("sparkport/spark-runtime:0.1.0")
        String image();

        /** Storage class of the pools' PVCs; the cluster's default when unset. */
        Optional<String> storageClass();

        /** Access mode of the pools' PVCs: drivers, master and workers on several nodes mount them at once. */
        @WithDefault("ReadWriteMany")
        String accessMode();

        /** Service account of the Spark pods (they need no API access). */
        @WithDefault("sparkport-spark")
        String serviceAccount();

        /** Where each pool's PVC is mounted in every Spark pod, and the drivers' working directory. */
        @WithDefault("/sparkport/pool")
        String poolMountPath();

        /** Heap of the master daemon. */
        @WithDefault("512m")
        String masterMemory();

        /** Pod retries of a driver Job; Sparkport decides about retries itself, so none by default. */
        @WithDefault("0")
        int driverBackoffLimit();

        /** How long finished driver Jobs stay (their logs are copied into the service first). */
        @WithDefault("PT1H")
        Duration jobTtl();

        /** Whether several replicas elect a leader through a Lease; only the leader reconciles and launches. */
        @WithDefault("true")
        boolean leaderElection();

        /** Name of the leader Lease. */
        @WithDefault("sparkport-leader")
        String leaseName();

        /** How long a leader's lease lasts without renewal: the longest a failover takes. */
        @WithDefault("PT15S")
        Duration leaseDuration();

        /**
         * How the service reads each master's {@code /json/}: DIRECT over the pod network (the service runs
         * in the cluster), or PROXY through the API server's service proxy (the service runs outside it;
         * needs {@code services/proxy} get).
         */
        @WithDefault("direct")
        MasterAccess masterAccess();

        enum MasterAccess { DIRECT, PROXY }

        /** Whether the Spark image has Python (the official apache/spark image has). */
        @WithDefault("true")
        boolean python();

        /** A pool's file server (the pod through which the file API reaches its PVC) stops after this long unused. */
        @WithDefault("PT5M")
        Duration fileServerIdle();
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
