package io.sparkport.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.sparkport.SparkportConfig;
import io.sparkport.cluster.kubernetes.KubernetesBackends;
import io.sparkport.cluster.local.LocalBackends;
import io.sparkport.pool.PoolCreated;
import io.sparkport.pool.PoolDeleted;
import io.sparkport.pool.LocalPoolStorage;
import io.sparkport.pool.PoolStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

/** Chooses the backend named by {@code sparkport.backend} and stops its processes with the service. */
@ApplicationScoped
public class Backends {

    private ClusterBackend backend;

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    ClusterBackend backend(SparkportConfig config, Event<PoolKick> kicks, Clock clock) {
        backend = switch (config.backend()) {
            case LOCAL -> LocalBackends.create(config, new LocalPoolStorage(config), kicks, clock);
            case KUBERNETES -> KubernetesBackends.create(config, kicks);
        };
        return backend;
    }

    /** The pools' files, where the backend keeps them. */
    @Produces
    @ApplicationScoped
    PoolStorage storage(ClusterBackend backend) {
        return backend.storage();
    }

    /** A backend that keeps pool storage apart from the service (a PVC) creates it with the pool. */
    void onPoolCreated(@Observes PoolCreated created, SparkportConfig config, ClusterBackend backend) {
        if (config.backend() != SparkportConfig.Backend.LOCAL) {
            backend.createStorage(created.pool(), created.storageSize());
        }
    }

    /** ... and deletes it only with the pool. */
    void onPoolDeleted(@Observes PoolDeleted deleted, SparkportConfig config, ClusterBackend backend) {
        if (config.backend() != SparkportConfig.Backend.LOCAL) {
            backend.deleteStorage(deleted.pool());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (backend instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("backend did not stop cleanly", e);
            }
        }
    }
}
