package io.sparkport.sql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Renders a result document's rows as a text table in the style of Dataset.show(). */
final class TablePrinter {

    static final int MAX_SHOWN_ROWS = 20;
    private static final int MAX_CELL = 20;

    private TablePrinter() {
    }

    static String format(JsonNode result) {
        List<List<String>> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        result.get("columns").forEach(c -> header.add(c.get("name").asText()));
        if (header.isEmpty()) {
            return "(no result columns)\nrowCount=" + result.get("rowCount").asLong() + "\n";
        }
        lines.add(header);
        JsonNode rows = result.get("rows");
        for (int r = 0; r < Math.min(rows.size(), MAX_SHOWN_ROWS); r++) {
            List<String> line = new ArrayList<>();
            rows.get(r).forEach(v -> line.add(cell(v)));
            lines.add(line);
        }
        StringBuilder out = new StringBuilder(table(lines));
        long rowCount = result.get("rowCount").asLong();
        if (rowCount > lines.size() - 1) {
            out.append("only showing top ").append(lines.size() - 1).append(" rows\n");
        }
        return out.append("rowCount=").append(rowCount).append('\n').toString();
    }

    private static String cell(JsonNode value) {
        String text = value.isNull() ? "NULL" : value.isValueNode() ? value.asText() : value.toString();
        return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 3) + "...";
    }

    private static String table(List<List<String>> lines) {
        int[] widths = new int[lines.get(0).size()];
        for (List<String> line : lines) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(Math.max(widths[i], 3), line.get(i).length());
            }
        }
        StringBuilder sep = new StringBuilder("+");
        for (int width : widths) {
            sep.append("-".repeat(width)).append('+');
        }
        StringBuilder out = new StringBuilder().append(sep).append('\n');
        for (int l = 0; l < lines.size(); l++) {
            out.append('|');
            for (int i = 0; i < widths.length; i++) {
                String text = lines.get(l).get(i);
                out.append(" ".repeat(widths[i] - text.length())).append(text).append('|');
            }
            out.append('\n');
            if (l == 0) {
                out.append(sep).append('\n');
            }
        }
        return out.append(sep).append('\n').toString();
    }
}
