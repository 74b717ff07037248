package io.sparkport.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.CalendarIntervalType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType;

/**
 * Writes a result as one CSV file with header into a directory and prepares the form the
 * CSV source accepts: arrays, maps and structs as JSON text, binary as base64, void,
 * variant and calendar intervals as strings, duplicate column names made unique.
 */
final class ResultWriter {

    private ResultWriter() {
    }

    /** Writes {@code result} (cached and counted beforehand) as a single CSV file into {@code dir}. */
    static void writeCsv(Dataset<Row> result, Path dir) throws IOException {
        csvCompatible(result)
                .coalesce(1) // reads the cache: the query itself already ran in parallel
                .write()
                .mode(SaveMode.Overwrite)
                .option("header", "true")
                .csv(dir.toString());
        deleteChecksums(dir);
    }

    static Dataset<Row> csvCompatible(Dataset<Row> result) {
        String[] names = uniqueNames(result.schema());
        Dataset<Row> renamed = result.toDF(names); // by position, so duplicates are no problem
        StructField[] fields = renamed.schema().fields();
        List<Column> columns = new ArrayList<>();
        for (StructField field : fields) {
            columns.add(csvColumn(field.name(), field.dataType()).as(field.name()));
        }
        return renamed.select(columns.toArray(new Column[0]));
    }

    private static Column csvColumn(String name, DataType type) {
        Column column = functions.col("`" + name.replace("`", "``") + "`");
        if (type instanceof StructType || type instanceof ArrayType || type instanceof MapType) {
            return functions.to_json(column);
        }
        if (type instanceof BinaryType) {
            return functions.base64(column);
        }
        if (type instanceof NullType || type instanceof VariantType || type instanceof CalendarIntervalType) {
            return column.cast("string");
        }
        return column;
    }

    /** Column names with case-insensitive duplicates suffixed _2, _3, ... */
    static String[] uniqueNames(StructType schema) {
        String[] names = schema.fieldNames();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            for (int n = 2; !seen.add(name.toLowerCase(Locale.ROOT)); n++) {
                name = names[i] + "_" + n;
            }
            names[i] = name;
        }
        return names;
    }

    /** Hadoop's local file system leaves .crc files beside each output file. */
    private static void deleteChecksums(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().endsWith(".crc")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
