package io.sparkport.cluster.kubernetes;

import io.sparkport.SparkportException;
import io.sparkport.pool.PoolFile;
import io.sparkport.pool.PoolPath;
import io.sparkport.pool.PoolStorage;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The pools' files on their PVCs: every call goes to the pool's file server ({@link FileServers}), which
 * mounts the PVC, streamed both ways. It works while the pool's cluster is down: the server is a pod of its own.
 * A call that finds the server just gone (it stopped when idle) is made once more on a new one.
 */
final class FileServerStorage implements PoolStorage {

    private final KubernetesSettings settings;
    private final FileServers servers;
    private final PoolFileClient client;

    FileServerStorage(KubernetesSettings settings, FileServers servers, PoolFileClient client) {
        this.settings = settings;
        this.servers = servers;
        this.client = client;
    }

    /** Where Spark pods see the pool: the PVC's mount path. */
    @Override
    public Path root(String pool) {
        return Path.of(settings.poolMountPath());
    }

    /** The PVC comes with the pool ({@code createStorage}). */
    @Override
    public void create(String pool) {
    }

    /** The PVC goes with the pool, and its files with it ({@code deleteStorage}). */
    @Override
    public void deleteAll(String pool) {
    }

    @Override
    public boolean exists(String pool, PoolPath path) {
        return again(pool, e -> client.exists(e.uri(), e.token(), pool, path));
    }

    @Override
    public boolean write(String pool, PoolPath path, InputStream content) {
        FileServers.Endpoint e = servers.endpoint(pool);
        return client.write(e.uri(), e.token(), pool, path, content); // a body already read cannot be sent again
    }

    @Override
    public InputStream open(String pool, PoolPath path) {
        return again(pool, e -> client.open(e.uri(), e.token(), pool, path));
    }

    @Override
    public void delete(String pool, PoolPath path) {
        again(pool, e -> {
            client.delete(e.uri(), e.token(), pool, path);
            return null;
        });
    }

    @Override
    public List<PoolFile> list(String pool, String prefix) {
        return again(pool, e -> client.list(e.uri(), e.token(), pool, prefix));
    }

    private <T> T again(String pool, Function<FileServers.Endpoint, T> call) {
        try {
            return call.apply(servers.endpoint(pool));
        } catch (SparkportException e) {
            if (!(e.getCause() instanceof ConnectException)) {
                throw e;
            }
            return call.apply(servers.endpoint(pool));
        }
    }
}
