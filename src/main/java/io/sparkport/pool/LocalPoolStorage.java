package io.sparkport.pool;

import io.sparkport.SparkportConfig;
import io.sparkport.SparkportException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.jboss.logging.Logger;

/**
 * The files of data pools on this machine, read and written through the Hadoop FileSystem API on each pool's
 * root (a directory under {@code <data-dir>/pools}; the local Spark processes read the same directory).
 * Uploads go to a hidden temporary file first and are renamed into place, so a failed upload leaves
 * nothing behind.
 */
public class LocalPoolStorage implements PoolStorage {

    private static final Logger LOG = Logger.getLogger(LocalPoolStorage.class);
    private static final String TEMP_PREFIX = ".sparkport-upload-";

    private final Path poolsDir;
    private volatile FileSystem fileSystem;

    public LocalPoolStorage(SparkportConfig config) {
        this.poolsDir = config.dataDir().toAbsolutePath().normalize().resolve("pools");
    }

    /** The local directory that is the pool's root. */
    @Override
    public Path root(String pool) {
        return poolsDir.resolve(PoolName.validate(pool));
    }

    @Override
    public void create(String pool) {
        try {
            Files.createDirectories(root(pool));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the root of pool " + pool, e);
        }
    }

    @Override
    public void deleteAll(String pool) {
        try {
            fs().delete(hadoopPath(root(pool)), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the files of pool " + pool, e);
        }
    }

    @Override
    public boolean exists(String pool, PoolPath path) {
        Path local = resolve(pool, path);
        return Files.isRegularFile(local, LinkOption.NOFOLLOW_LINKS);
    }

    /** Writes the stream to the path, replacing any file there. Returns true when the file is new. */
    @Override
    public boolean write(String pool, PoolPath path, InputStream content) {
        Path target = resolve(pool, path);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw SparkportException.conflict("'" + path.value() + "' is a directory in pool " + pool);
        }
        for (Path parent = target.getParent(); !parent.equals(root(pool)); parent = parent.getParent()) {
            if (Files.exists(parent, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                throw SparkportException.conflict("'" + root(pool).relativize(parent) + "' is a file in pool " + pool);
            }
        }
        boolean created = !Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        org.apache.hadoop.fs.Path temp = hadoopPath(target.resolveSibling(TEMP_PREFIX + UUID.randomUUID()));
        try {
            try (OutputStream out = fs().create(temp, false)) {
                content.transferTo(out);
            }
            if (!fs().rename(temp, hadoopPath(target))) {
                throw new IOException("rename to " + target + " failed");
            }
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path.value() + " in pool " + pool, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public InputStream open(String pool, PoolPath path) {
        if (!exists(pool, path)) {
            throw SparkportException.notFound("no file '" + path.value() + "' in pool " + pool);
        }
        try {
            return fs().open(hadoopPath(resolve(pool, path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.value() + " in pool " + pool, e);
        }
    }

    @Override
    public void delete(String pool, PoolPath path) {
        if (!exists(pool, path)) {
            throw SparkportException.notFound("no file '" + path.value() + "' in pool " + pool);
        }
        try {
            fs().delete(hadoopPath(resolve(pool, path)), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path.value() + " in pool " + pool, e);
        }
    }

    /**
     * Every file of the pool whose path starts with the prefix, sorted by path. Walks with {@code listStatus},
     * which reads no file's owner or permissions (on the local file system those cost an {@code ls} process per
     * file); a file or folder that vanishes during the walk (a running Spark job's {@code _temporary}) is left out.
     */
    @Override
    public List<PoolFile> list(String pool, String prefix) {
        Path root = root(pool);
        List<PoolFile> files = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try {
            collect(hadoopPath(root), root, prefix == null ? "" : prefix, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list pool " + pool, e);
        }
        files.sort(Comparator.comparing(PoolFile::path));
        return files;
    }

    private void collect(org.apache.hadoop.fs.Path dir, Path root, String prefix, List<PoolFile> files) throws IOException {
        FileStatus[] entries;
        try {
            entries = fs().listStatus(dir);
        } catch (FileNotFoundException e) {
            return;
        }
        for (FileStatus status : entries) {
            if (status.isDirectory()) {
                collect(status.getPath(), root, prefix, files);
                continue;
            }
            String relative = root.relativize(Path.of(status.getPath().toUri())).toString();
            if (relative.startsWith(prefix) && !status.getPath().getName().startsWith(TEMP_PREFIX)) {
                files.add(new PoolFile(relative, status.getLen(), Instant.ofEpochMilli(status.getModificationTime())));
            }
        }
    }

    /**
     * The local path of a pool path. Refuses any existing part of it that is a symbolic link, so a
     * link planted in the pool cannot lead reads or writes out of it.
     */
    Path resolve(String pool, PoolPath path) {
        Path root = root(pool);
        Path current = root;
        for (String segment : path.segments()) {
            current = current.resolve(segment);
            if (Files.isSymbolicLink(current)) {
                throw SparkportException.badRequest("path '" + path.value() + "' goes through a symbolic link");
            }
        }
        if (!current.normalize().startsWith(root)) {
            throw SparkportException.badRequest("path '" + path.value() + "' leaves the pool");
        }
        return current;
    }

    private FileSystem fs() throws IOException {
        if (fileSystem == null) {
            synchronized (this) {
                if (fileSystem == null) {
                    fileSystem = FileSystem.getLocal(new Configuration()).getRawFileSystem();
                }
            }
        }
        return fileSystem;
    }

    private static org.apache.hadoop.fs.Path hadoopPath(Path local) {
        return new org.apache.hadoop.fs.Path(local.toUri());
    }

    private void deleteQuietly(org.apache.hadoop.fs.Path temp) {
        try {
            fs().delete(temp, false);
        } catch (IOException e) {
            LOG.warnf("could not delete temporary upload %s: %s", temp, e.getMessage());
        }
    }
}
