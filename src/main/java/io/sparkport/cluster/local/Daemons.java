package io.sparkport.cluster.local;

import io.sparkport.SparkportConfig;
import io.sparkport.cluster.SqlEngineObservation;
import io.sparkport.cluster.SqlEngineSpec;
import io.sparkport.pool.PoolPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Starts Spark Master and Worker JVMs bound to 127.0.0.1 on free ports, logging under the data directory. */
final class Daemons {

    private static final Logger LOG = Logger.getLogger(Daemons.class);
    /** Marks a warm SQL engine's JVM (with its pool) on its command line. */
    static final String SQL_ENGINE_FLAG = "-Dio.sparkport.sqlengine=";

    private final SparkHome home;
    private final Path dataDir;
    private final String daemonMemory;

    Daemons(SparkportConfig config, SparkHome home) {
        this.home = home;
        this.dataDir = config.dataDir().toAbsolutePath().normalize();
        this.daemonMemory = config.local().daemonMemory();
    }

    DaemonProcess startMaster(String pool) {
        int port = freePort();
        int uiPort = freePort();
        String name = "sparkport-" + pool + "-master-0";
        List<String> args = List.of("org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(uiPort));
        return start(pool, name, args, port, uiPort);
    }

    DaemonProcess startWorker(String pool, String name, String masterUrl, PoolPolicy policy) {
        int port = freePort();
        int uiPort = freePort();
        Path workDir = dataDir.resolve("spark").resolve(pool).resolve("work");
        List<String> args = List.of("org.apache.spark.deploy.worker.Worker", masterUrl,
                "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(uiPort),
                "--cores", String.valueOf(policy.workerCores()), "--memory", policy.workerMemory().toSpark(),
                "--work-dir", workDir.toString());
        return start(pool, name, args, port, uiPort);
    }

    /**
     * Starts a pool's warm SQL engine: {@code spark-submit --class SparkConnectServer spark-internal} in client
     * mode against the pool's master, working in the pool's root, gRPC on a free loopback port that answers only
     * calls with {@code token} (given in the engine's environment, not on its command line).
     */
    /** The engine starts as soon as the master does: it registers once the master at {@code masterUi} is ALIVE. */
    DaemonProcess startSqlEngine(SqlEngineSpec spec, String masterUrl, String masterUi, Path poolRoot, String token) {
        int port = freePort();
        int uiPort = freePort();
        String name = spec.appName();
        String ours = String.join(" ", jvmOptions(home, dataDir));
        List<String> command = new ArrayList<>(List.of(home.root().resolve("bin/spark-submit").toString(),
                "--master", masterUrl, "--deploy-mode", "client", "--class", SqlEngineSpec.SERVER_CLASS, "--name", name));
        java.util.Map<String, String> conf = new java.util.LinkedHashMap<>(spec.conf());
        conf.put("spark.cores.max", String.valueOf(spec.cores()));
        conf.put("spark.executor.cores", String.valueOf(spec.executorCores()));
        conf.put("spark.executor.memory", spec.executorMemory().toSpark());
        conf.put("spark.driver.memory", spec.driverMemory().toSpark());
        conf.put(SqlEngineSpec.POOL_DIR_CONF, poolRoot.toAbsolutePath().toString());
        conf.put("spark.jars", home.sqlRunnerJar().toString()); // not the class path: its CDS archive stays valid
        conf.put("spark.plugins", SqlEngineSpec.AWAIT_MASTER);
        conf.put(SqlEngineSpec.MASTER_UI_CONF, masterUi);
        conf.put("spark.connect.grpc.binding.address", "127.0.0.1");
        conf.put("spark.connect.grpc.binding.port", String.valueOf(port));
        conf.put("spark.ui.port", String.valueOf(uiPort));
        conf.put("spark.local.dir", dataDir.resolve("spark").resolve(spec.pool()).resolve("tmp").toString());
        conf.put("spark.driver.extraJavaOptions", ours + " " + ProcessReaper.POOL_FLAG + spec.pool() + " "
                + SQL_ENGINE_FLAG + spec.pool() + " " + String.join(" ", SqlEngineSpec.QUICK_JIT));
        conf.put("spark.executor.extraJavaOptions", ours);
        conf.forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
        command.add("spark-internal");
        Path log = dataDir.resolve("logs").resolve("clusters").resolve(spec.pool()).resolve(name + ".log");
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(poolRoot);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(poolRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(sparkEnvironment(home));
            builder.environment().put(SqlEngineObservation.TOKEN_ENV, token);
            Process process = builder.start();
            LOG.infof("pool %s: started SQL engine %s (pid %d, sc://127.0.0.1:%d, ui %d)", spec.pool(), name,
                    process.pid(), port, uiPort);
            return new DaemonProcess(name, process, port, uiPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private DaemonProcess start(String pool, String name, List<String> mainAndArgs, int port, int uiPort) {
        Path log = dataDir.resolve("logs").resolve("clusters").resolve(pool).resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx" + daemonMemory, "-XX:+UseSerialGC"));
        command.addAll(jvmOptions(home, dataDir));
        command.addAll(List.of(ProcessReaper.POOL_FLAG + pool, "-cp", home.classpath()));
        command.addAll(mainAndArgs);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(sparkEnvironment(home));
            Process process = builder.start();
            LOG.infof("pool %s: started %s (pid %d, port %d, ui %d)", pool, name, process.pid(), port, uiPort);
            return new DaemonProcess(name, process, port, uiPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * The JVM options of every Spark JVM Sparkport starts: the owner mark the reaper finds them by, and the class
     * data archive.
     */
    static List<String> jvmOptions(SparkHome home, Path dataDir) {
        List<String> options = new ArrayList<>(List.of(ProcessReaper.ownerFlag(dataDir)));
        options.addAll(home.classDataOptions());
        return options;
    }

    static java.util.Map<String, String> sparkEnvironment(SparkHome home) {
        return java.util.Map.of(
                "SPARK_HOME", home.root().toString(),
                "SPARK_CONF_DIR", home.root().resolve("conf").toString(),
                "SPARK_SCALA_VERSION", "2.13",
                "SPARK_LOCAL_IP", "127.0.0.1",
                "JAVA_HOME", System.getProperty("java.home"));
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
