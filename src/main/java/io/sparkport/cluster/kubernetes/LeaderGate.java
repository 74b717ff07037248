package io.sparkport.cluster.kubernetes;

import io.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.kubernetes.client.extended.leaderelection.LeaderElector;
import io.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Leader election through a coordination.k8s.io Lease: among the service's replicas only the leader
 * reconciles and launches drivers; every replica serves the API. A replica that loses the lease stops
 * acting at once and competes again.
 */
public class LeaderGate implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderGate.class);

    private final String identity;
    private final LeaderElectionConfig config;
    private final Duration retryPeriod;
    private final AtomicBoolean leading = new AtomicBoolean();
    private final Runnable onLeading;
    private volatile boolean closed;
    private volatile LeaderElector elector;
    private Thread thread;

    /**
     * @param onLeading called when this replica becomes the leader (to reconcile every pool at once)
     */
    public LeaderGate(ApiClient client, String namespace, String leaseName, String identity, Duration leaseDuration,
                      Runnable onLeading) {
        this.identity = identity;
        this.onLeading = onLeading;
        this.retryPeriod = leaseDuration.dividedBy(5);
        this.config = new LeaderElectionConfig(new LeaseLock(namespace, leaseName, identity, client),
                leaseDuration, leaseDuration.multipliedBy(2).dividedBy(3), retryPeriod);
    }

    public void start() {
        thread = new Thread(this::campaign, "sparkport-leader-election");
        thread.setDaemon(true);
        thread.start();
    }

    public boolean isLeader() {
        return leading.get();
    }

    public String identity() {
        return identity;
    }

    /** Runs elections until closed: {@link LeaderElector#run} returns when leadership is lost. */
    private void campaign() {
        while (!closed) {
            elector = new LeaderElector(config);
            try {
                elector.run(() -> {
                    leading.set(true);
                    LOG.infof("%s leads: reconciling and launching", identity);
                    onLeading.run();
                }, () -> {
                    if (leading.getAndSet(false)) {
                        LOG.warnf("%s lost the leader lease: no longer reconciling", identity);
                    }
                });
            } catch (RuntimeException e) {
                LOG.warnf(e, "%s: leader election failed, trying again", identity);
            } finally {
                leading.set(false);
            }
            pause();
        }
    }

    /** A breath between campaigns, so that an elector failing at once does not spin. */
    private void pause() {
        try {
            Thread.sleep(retryPeriod.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        leading.set(false);
        LeaderElector e = elector;
        if (e != null) {
            try {
                e.close();
            } catch (RuntimeException ignored) {
                LOG.debug("leader elector did not close cleanly", ignored);
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
