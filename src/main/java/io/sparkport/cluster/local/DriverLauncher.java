package io.sparkport.cluster.local;

import io.sparkport.SparkportConfig;
import io.sparkport.cluster.DriverSpec;
import io.sparkport.job.DriverSpecs;
import io.sparkport.pool.PoolPath;
import io.sparkport.pool.LocalPoolStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.launcher.SparkAppHandle;
import org.apache.spark.launcher.SparkLauncher;
import org.jboss.logging.Logger;

/** Turns a {@link DriverSpec} into a SparkLauncher child process in client mode, working in the pool's root. */
public class DriverLauncher {

    private static final Logger LOG = Logger.getLogger(DriverLauncher.class);
    static final String EXTRA_JAVA_OPTIONS = "spark.driver.extraJavaOptions";
    static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";
    static final String UI_PORT = "spark.ui.port";
    static final String UI_ENABLED = "spark.ui.enabled";
    static final String EXTRA_LISTENERS = "spark.extraListeners";
    static final String PROGRESS_LISTENER = DriverSpecs.PROGRESS_LISTENER;

    private final SparkHome home;
    private final LocalPoolStorage storage;
    private final Path dataDir;

    public DriverLauncher(SparkportConfig config, SparkHome home, LocalPoolStorage storage) {
        this.home = home;
        this.storage = storage;
        this.dataDir = config.dataDir().toAbsolutePath().normalize();
    }

    LocalDriver launch(DriverSpec spec, String masterUrl, Runnable onChange) {
        SparkLauncher launcher = new SparkLauncher(Daemons.sparkEnvironment(home))
                .setSparkHome(home.root().toString())
                .setJavaHome(System.getProperty("java.home"))
                .setMaster(masterUrl)
                .setDeployMode("client")
                .setAppResource(appResource(spec))
                .directory(storage.root(spec.pool()).toFile())
                .redirectError()
                .redirectOutput(logFile(spec).toFile());
        if (spec.mainClass() != null) {
            launcher.setMainClass(spec.mainClass());
        }
        spec.args().forEach(launcher::addAppArgs);
        spec.pyFiles().forEach(f -> launcher.addPyFile(resolve(spec.pool(), f)));
        spec.conf().forEach(launcher::setConf);
        String ours = String.join(" ", Daemons.jvmOptions(home, dataDir));
        launcher.setConf(EXTRA_JAVA_OPTIONS, (ours + " " + spec.conf().getOrDefault(EXTRA_JAVA_OPTIONS, "")).trim());
        launcher.setConf(EXECUTOR_JAVA_OPTIONS, (ours + " " + spec.conf().getOrDefault(EXECUTOR_JAVA_OPTIONS, "")).trim());
        launcher.setConf("spark.local.dir", dataDir.resolve("spark").resolve(spec.pool()).resolve("tmp").toString());
        addProgressListener(launcher, spec);
        String uiUrl = chooseUiPort(launcher, spec);
        try {
            SparkAppHandle handle = launcher.startApplication(new SparkAppHandle.Listener() {
                @Override
                public void stateChanged(SparkAppHandle h) {
                    LOG.debugf("job %s: driver state %s", spec.jobId(), h.getState());
                    onChange.run();
                }

                @Override
                public void infoChanged(SparkAppHandle h) {
                    onChange.run();
                }
            });
            LocalDriver driver = new LocalDriver(spec.jobId(), spec.pool(), handle, spec.logFile(), uiUrl, onChange);
            LOG.infof("job %s: driver launched in pool %s against %s (UI %s)", spec.jobId(), spec.pool(), masterUrl,
                    uiUrl == null ? "off" : uiUrl);
            return driver;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch the driver of job " + spec.jobId(), e);
        }
    }

    /** The pool's root directory, where drivers (and the SQL engine) work. */
    Path poolRoot(String pool) {
        return storage.root(pool);
    }

    /**
     * The listener that reports the driver's progress to the service, next to any listeners of the job's own; its
     * jar is in the home's jars/, so the driver's classpath stays the one the class data archive fits.
     */
    private void addProgressListener(SparkLauncher launcher, DriverSpec spec) {
        if (home.hasProgressListener()) {
            launcher.setConf(EXTRA_LISTENERS, joined(spec.conf().get(EXTRA_LISTENERS), ",", PROGRESS_LISTENER));
        }
    }

    /**
     * A free port for the driver's UI, so that the job can show where it is; Spark's default (4040, then upwards
     * on collisions, 16 tries) leaves no way to tell which driver is where. Returns the UI's URL, or null.
     */
    private static String chooseUiPort(SparkLauncher launcher, DriverSpec spec) {
        if ("false".equalsIgnoreCase(spec.conf().getOrDefault(UI_ENABLED, "true").trim())) {
            return null;
        }
        int uiPort = Daemons.freePort();
        launcher.setConf(UI_PORT, String.valueOf(uiPort));
        return "http://127.0.0.1:" + uiPort;
    }

    private static String joined(String first, String separator, String second) {
        if (first == null || first.isBlank()) {
            return second;
        }
        return second == null || second.isBlank() ? first : first + separator + second;
    }

    private Path logFile(DriverSpec spec) {
        try {
            Files.createDirectories(spec.logFile().getParent());
            return spec.logFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String appResource(DriverSpec spec) {
        return spec.sqlRunner() ? home.sqlRunnerJar().toString() : resolve(spec.pool(), spec.appResource());
    }

    /** A URL stays as it is; anything else is a path in the pool. */
    private String resolve(String pool, String resource) {
        String lower = resource.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:/") || lower.startsWith("http://") || lower.startsWith("https://")) {
            return resource;
        }
        return storage.root(pool).resolve(PoolPath.parse(resource).value()).toString();
    }
}
