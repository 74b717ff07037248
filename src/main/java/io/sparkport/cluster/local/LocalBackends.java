package io.sparkport.cluster.local;

import io.sparkport.SparkportConfig;
import io.sparkport.cluster.ClusterBackend;
import io.sparkport.cluster.PoolKick;
import io.sparkport.pool.LocalPoolStorage;
import jakarta.enterprise.event.Event;
import java.nio.file.Path;
import java.time.Clock;
import org.jboss.logging.Logger;

/** Builds the local backend: opens the Spark home and stops processes a previous run left behind. */
public final class LocalBackends {

    private static final Logger LOG = Logger.getLogger(LocalBackends.class);

    private LocalBackends() {
    }

    public static ClusterBackend create(SparkportConfig config, LocalPoolStorage storage, Event<PoolKick> kicks, Clock clock) {
        SparkHome home = SparkHome.open(config.local().sparkHome(), config.local().classDataSharing());
        Path dataDir = config.dataDir();
        int reaped = ProcessReaper.reap(dataDir);
        if (reaped > 0) {
            LOG.warnf("stopped %d Spark processes left by a previous run over %s", reaped, dataDir.toAbsolutePath());
        }
        LOG.infof("local backend: Spark home %s%s%s", home.root(), home.hasPySpark() ? " (with PySpark)" : "",
                home.classDataOptions().isEmpty() ? "" : " (class data archive " + SparkHome.CLASS_DATA_ARCHIVE + ")");
        return new LocalBackend(config, home, storage, new DriverLauncher(config, home, storage), kicks, clock);
    }
}
