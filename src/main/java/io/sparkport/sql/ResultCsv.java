package io.sparkport.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkport.pool.PoolFile;
import io.sparkport.pool.PoolPath;
import io.sparkport.pool.PoolStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An SQL result as CSV: the full result the runner wrote into the pool (its part files joined, one
 * header), or the preview when the pool no longer has it.
 */
public final class ResultCsv {

    private ResultCsv() {
    }

    public static void write(PoolStorage storage, String pool, SqlResult preview, OutputStream out) throws IOException {
        List<PoolFile> parts = preview.resultPath() == null ? List.of() : storage.list(pool, preview.resultPath()).stream()
                .filter(f -> f.path().endsWith(".csv"))
                .toList();
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        if (parts.isEmpty()) {
            writePreview(preview, writer);
        } else {
            writeParts(storage, pool, preview, parts, writer);
        }
        writer.flush();
    }

    private static void writeParts(PoolStorage storage, String pool, SqlResult preview, List<PoolFile> parts, Writer out)
            throws IOException {
        out.write(header(preview));
        for (PoolFile part : parts) {
            try (InputStream in = storage.open(pool, PoolPath.parse(part.path()));
                 BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                reader.readLine(); // every part file starts with the header
                String line;
                while ((line = reader.readLine()) != null) {
                    out.write(line);
                    out.write('\n');
                }
            }
        }
    }

    private static void writePreview(SqlResult preview, Writer out) throws IOException {
        out.write(header(preview));
        for (List<JsonNode> row : preview.rows()) {
            out.write(row.stream().map(ResultCsv::cell).collect(Collectors.joining(",")));
            out.write('\n');
        }
    }

    private static String header(SqlResult preview) {
        return preview.columns().stream().map(c -> quote(c.name())).collect(Collectors.joining(",")) + "\n";
    }

    private static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        return quote(value.isValueNode() ? value.asText() : value.toString());
    }

    static String quote(String s) {
        if (s.isEmpty() || s.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
