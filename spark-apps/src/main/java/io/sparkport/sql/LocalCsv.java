package io.sparkport.sql;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a small collected result as the CSV file Spark's writer would produce for it, without a Spark
 * job: only for plain values whose text Spark writes as it is (strings that need no quoting and have no
 * surrounding whitespace, integers, booleans, nulls). Anything else is left to {@link ResultWriter}.
 */
final class LocalCsv {

    private LocalCsv() {
    }

    /** Whether {@link #write} produces exactly what Spark's CSV writer would for these rows. */
    static boolean canWrite(StructType schema, List<Row> rows) {
        StructField[] fields = schema.fields();
        String[] names = ResultWriter.uniqueNames(schema);
        for (int i = 0; i < fields.length; i++) {
            if (!plainType(fields[i].dataType()) || !plainText(names[i])) {
                return false;
            }
        }
        for (Row row : rows) {
            for (int i = 0; i < fields.length; i++) {
                Object v = row.get(i);
                if (v instanceof String s && !plainText(s)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Replaces {@code dir} with one {@code part-00000-*.csv} file (header first) and {@code _SUCCESS}. */
    static void write(StructType schema, List<Row> rows, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.createDirectories(dir);
        Path part = dir.resolve("part-00000-" + UUID.randomUUID() + "-c000.csv");
        int columns = schema.fields().length;
        try (Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
            out.write(String.join(",", ResultWriter.uniqueNames(schema)));
            out.write('\n');
            for (Row row : rows) {
                for (int i = 0; i < columns; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    Object v = row.get(i);
                    out.write(v == null ? "" : v.toString());
                }
                out.write('\n');
            }
        }
        Files.createFile(dir.resolve("_SUCCESS"));
    }

    private static boolean plainType(DataType type) {
        return type instanceof StringType || type instanceof LongType || type instanceof IntegerType
                || type instanceof ShortType || type instanceof ByteType || type instanceof BooleanType;
    }

    /** Text Spark writes unquoted and unchanged: not empty, no surrounding whitespace, nothing to quote. */
    static boolean plainText(String s) {
        if (s.isEmpty() || s.charAt(0) <= ' ' || s.charAt(s.length() - 1) <= ' ') {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '#' || c < ' ') {
                return false;
            }
        }
        return true;
    }
}
