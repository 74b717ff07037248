package io.sparkport.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the data pool's files (regular files directly in the pool root with extension
 * csv, parquet, json or jsonl) as temporary views, but only those whose view name the SQL
 * text mentions as a whole word (case-insensitively): schema inference costs a Spark job
 * per file.
 */
public final class PoolViews {

    private static final Logger LOG = LoggerFactory.getLogger(PoolViews.class);
    private static final List<String> EXTENSIONS = List.of("csv", "parquet", "json", "jsonl");

    private PoolViews() {
    }

    /** Registers the referenced pool files; returns view name to file, in registration order. */
    public static Map<String, Path> register(SparkSession spark, Path poolDir, String sql) throws IOException {
        return register(spark, poolDir, sql, INFER, new HashMap<>());
    }

    /**
     * Like {@link #register(SparkSession, Path, String)}, for a long-lived client: views are read through
     * {@code source} (which may know a file's schema or keep its data on the engine), and {@code held} (view
     * name to file version, kept with the session) says which views the session already has from earlier jobs.
     * Views of files that changed or are gone are dropped, the others kept, whether this script mentions them or
     * not (dropping a view also drops the engine's cached copy of its data, which other sessions share);
     * afterwards the session holds views of this script's files, and of no file as it was before.
     */
    public static Map<String, Path> register(SparkSession spark, Path poolDir, String sql, Source source,
                                             Map<String, String> held) throws IOException {
        Map<String, Path> files = viewFiles(poolDir, sql);
        Map<String, Path> views = mentioned(files, sql);
        Map<String, String> current = new HashMap<>();
        for (String view : held.keySet()) {
            Path file = files.get(view);
            if (file != null) {
                current.put(view, version(file));
            }
        }
        for (Map.Entry<String, Path> view : views.entrySet()) {
            current.put(view.getKey(), version(view.getValue()));
        }
        Changes changes = changes(held, current, views.keySet());
        for (String view : changes.drop()) {
            spark.catalog().dropTempView(view);
            held.remove(view);
        }
        for (String view : changes.create()) {
            Path file = views.get(view);
            LOG.info("Registering {} as temporary view {}", file.getFileName(), view);
            source.read(spark, file, current.get(view)).createOrReplaceTempView(view);
            held.put(view, current.get(view));
        }
        return views;
    }

    /** How a view reads its pool file. */
    public interface Source {
        /** The file's data in {@code spark}; {@code version} is the file's {@link #version(Path)}. */
        Dataset<Row> read(SparkSession spark, Path file, String version) throws IOException;

        /** Whether views of the file read data the engine keeps in memory. */
        default boolean cached(Path file) {
            return false;
        }
    }

    /** Reads each file afresh, inferring the schema of a CSV file: the batch runner's way. */
    static final Source INFER = (spark, file, version) -> read(spark, file, null);

    /** How a session's views must change: views to drop, then views to create, in the script's order. */
    record Changes(List<String> drop, List<String> create) {
    }

    /**
     * The changes a session that {@code held} views (view name to file version) makes for a script that
     * {@code mentions} some views, when the files are now at {@code current} versions (for every held and
     * mentioned view whose file exists): held views of changed or missing files go; mentioned views the session
     * does not hold at their current version are created.
     */
    static Changes changes(Map<String, String> held, Map<String, String> current, java.util.Set<String> mentions) {
        List<String> drop = new ArrayList<>();
        held.forEach((view, version) -> {
            if (!version.equals(current.get(view))) {
                drop.add(view);
            }
        });
        List<String> create = new ArrayList<>();
        for (String view : mentions) {
            if (!current.get(view).equals(held.get(view))) {
                create.add(view);
            }
        }
        return new Changes(drop, create);
    }

    /** A file's version: its path, size and modification time. */
    static String version(Path file) throws IOException {
        return file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
    }

    /** Inferred schemas of pool files, keyed by file version. */
    public static final class SchemaCache implements Source {
        private final Map<String, StructType> schemas = new ConcurrentHashMap<>();

        @Override
        public Dataset<Row> read(SparkSession spark, Path file, String version) {
            StructType known = schemas.get(version);
            if (known != null) {
                return PoolViews.read(spark, file, known);
            }
            // Inferred once, then always given: every view of a version is the same plan (which the engine's
            // cache of the file matches, see EngineCache).
            StructType inferred = PoolViews.read(spark, file, null).schema();
            schemas.put(version, inferred);
            return PoolViews.read(spark, file, inferred);
        }
    }

    /** Pool files whose view name {@code sql} mentions; the first file in sorted order wins a name. */
    static Map<String, Path> referencedFiles(Path poolDir, String sql) throws IOException {
        return mentioned(viewFiles(poolDir, sql), sql);
    }

    private static Map<String, Path> mentioned(Map<String, Path> files, String sql) {
        Map<String, Path> views = new LinkedHashMap<>();
        files.forEach((view, file) -> {
            if (mentions(sql, view)) {
                views.put(view, file);
            }
        });
        return views;
    }

    /**
     * Every pool file by its view name, in sorted order; the first file in that order wins a name (a file that
     * loses the view name {@code sql} mentions is logged).
     */
    static Map<String, Path> viewFiles(Path poolDir, String sql) throws IOException {
        return viewFiles(poolDir, view -> mentions(sql, view));
    }

    /**
     * The pool file whose view name is {@code name} (case-insensitively, as Spark compares view names), by the
     * same rule as {@link #viewFiles(Path, String)}; null when there is none.
     */
    static Path viewFile(Path poolDir, String name) throws IOException {
        for (Map.Entry<String, Path> view : viewFiles(poolDir, view -> view.equalsIgnoreCase(name)).entrySet()) {
            if (view.getKey().equalsIgnoreCase(name)) {
                return view.getValue();
            }
        }
        return null;
    }

    /** Every pool file by its view name; a file that loses a view name for which {@code wanted} holds is logged. */
    private static Map<String, Path> viewFiles(Path poolDir, Predicate<String> wanted) throws IOException {
        Map<String, Path> views = new LinkedHashMap<>();
        Map<String, String> lowerCaseNames = new LinkedHashMap<>();
        for (Path file : poolFiles(poolDir)) {
            String view = viewName(file.getFileName().toString());
            String key = view.toLowerCase(Locale.ROOT); // Spark's view names are case-insensitive
            if (lowerCaseNames.containsKey(key)) {
                if (wanted.test(view)) {
                    LOG.warn("{} gives view name {} like {}: ignored", file.getFileName(), view,
                            views.get(lowerCaseNames.get(key)).getFileName());
                }
                continue;
            }
            lowerCaseNames.put(key, view);
            views.put(view, file);
        }
        return views;
    }

    /** The view name for a file name: base name, anything outside [A-Za-z0-9_] replaced by '_'. */
    public static String viewName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String base = dot > 0 ? fileName.substring(0, dot) : fileName;
        return base.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** Whether {@code sql} contains {@code word} with no identifier character on either side. */
    public static boolean mentions(String sql, String word) {
        String regex = "(?<![A-Za-z0-9_])" + Pattern.quote(word) + "(?![A-Za-z0-9_])";
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(sql).find();
    }

    private static List<Path> poolFiles(Path poolDir) throws IOException {
        try (Stream<Path> files = Files.list(poolDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> EXTENSIONS.contains(extension(f)))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    }

    /** Reads a pool file; with a known schema nothing is inferred. */
    private static Dataset<Row> read(SparkSession spark, Path file, StructType schema) {
        String path = file.toAbsolutePath().toString();
        DataFrameReader reader = schema == null ? spark.read() : spark.read().schema(schema);
        switch (extension(file)) {
            case "csv":
                return (schema == null ? reader.option("inferSchema", "true") : reader).option("header", "true").csv(path);
            case "parquet":
                return reader.parquet(path);
            default:
                return reader.json(path);
        }
    }
}
