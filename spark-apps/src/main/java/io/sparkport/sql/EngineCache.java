package io.sparkport.sql;

import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small pool files one warm engine keeps in its executors' memory. A view of a file up to {@code maxBytes}
 * reads it as one cached partition: the engine parses the file once per version instead of at every query, and
 * since the data is one partition, a group-by or a join over it needs no shuffle (one Spark stage, not two).
 * <p>
 * The cache is Spark's own, shared by all sessions of the engine, which serves a query from it when the query
 * reads the same plan. Spark does not see a file change under a plan, so the plan names the file version (a
 * filter that is always true, gone once optimized): a changed file is another plan, never the old copy. The old
 * copy goes when the sessions drop their views of it ({@link PoolViews}), or when this client first reads the new
 * version.
 */
final class EngineCache implements PoolViews.Source {

    private static final Logger LOG = LoggerFactory.getLogger(EngineCache.class);

    private final PoolViews.Source files;
    private final long maxBytes;
    /** Path to the file version this client last cached on the engine. */
    private final Map<String, String> cached = new HashMap<>();

    /** @param files how a file is read; @param maxBytes the largest file kept in memory (0: none) */
    EngineCache(PoolViews.Source files, long maxBytes) {
        this.files = files;
        this.maxBytes = maxBytes;
    }

    /** What a view of a file version does with the engine's cache. */
    record Step(boolean dropOld, boolean cache) {
    }

    /**
     * The step for a file of {@code size} bytes at {@code version} when this client last cached
     * {@code cachedVersion} of its path (null: none): an older version's copy is dropped, and the file is cached
     * when it is small enough.
     */
    static Step step(long size, long maxBytes, String cachedVersion, String version) {
        return new Step(cachedVersion != null && !cachedVersion.equals(version), size <= maxBytes);
    }

    @Override
    public synchronized boolean cached(Path file) {
        return cached.containsKey(file.toAbsolutePath().toString());
    }

    @Override
    public Dataset<Row> read(SparkSession spark, Path file, String version) throws IOException {
        String path = file.toAbsolutePath().toString();
        Dataset<Row> data = files.read(spark, file, version);
        synchronized (this) {
            Step step = step(Files.size(file), maxBytes, cached.get(path), version);
            if (step.dropOld()) {
                spark.catalog().refreshByPath(path); // the engine's copies of the path go (and are re-read lazily)
                cached.remove(path);
            }
            if (!step.cache()) {
                return data;
            }
            Dataset<Row> one = data.coalesce(1).filter(lit(version).isNotNull());
            if (StorageLevel.NONE().equals(one.storageLevel())) {
                LOG.info("Caching {} on the engine", file.getFileName());
                one.persist(); // lazily: the first query that reads it fills it
            }
            cached.put(path, version);
            return one;
        }
    }
}
