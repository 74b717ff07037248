package io.sparkport.pool;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of data pools, wherever the backend keeps them: a directory per pool on this machine
 * ({@link LocalPoolStorage}), or a pool's PVC reached through its file server on Kubernetes. Every
 * implementation has the same semantics: an upload lands atomically (a hidden temporary file renamed into
 * place, so a failed upload leaves nothing), a path through a symbolic link is refused (400), a missing file
 * is a 404, a path whose parent is a file (or that is a directory) a 409.
 */
public interface PoolStorage {

    /** Where the Spark processes of the pool find its files (a local directory, or the PVC's mount path). */
    Path root(String pool);

    /** Prepares the pool's root when the pool is created (a backend with a PVC has it already). */
    void create(String pool);

    /** Deletes every file of the pool, when the pool is deleted. */
    void deleteAll(String pool);

    boolean exists(String pool, PoolPath path);

    /** Writes the stream to the path, replacing any file there. Returns true when the file is new. */
    boolean write(String pool, PoolPath path, InputStream content);

    /** The file's content, streamed; the caller closes it. */
    InputStream open(String pool, PoolPath path);

    void delete(String pool, PoolPath path);

    /** Every file of the pool whose path starts with the prefix, sorted by path. */
    List<PoolFile> list(String pool, String prefix);
}
