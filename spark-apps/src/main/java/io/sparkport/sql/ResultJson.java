package io.sparkport.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The result document: {@code {"columns":[{"name":..,"type":..}],"rows":[[..]],
 * "rowCount":N,"truncated":bool,"resultPath":"results/<job>/"}}, or {@code {"error":..}}.
 */
final class ResultJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private ResultJson() {
    }

    static ObjectNode result(StructType schema, List<Row> rows, long rowCount, String resultPath,
                             JsonValues values) {
        ObjectNode result = MAPPER.createObjectNode();
        ArrayNode columns = result.putArray("columns");
        for (StructField field : schema.fields()) {
            columns.addObject().put("name", field.name()).put("type", field.dataType().simpleString());
        }
        ArrayNode rowsNode = result.putArray("rows");
        StructField[] fields = schema.fields();
        for (Row row : rows) {
            ArrayNode rowNode = rowsNode.addArray();
            for (int i = 0; i < fields.length; i++) {
                rowNode.add(values.toJson(row.get(i), fields[i].dataType()));
            }
        }
        result.put("rowCount", rowCount);
        result.put("truncated", rowCount > rows.size());
        result.put("resultPath", resultPath);
        return result;
    }

    /** The result of a last statement without columns (DDL, INSERT, ...). */
    static ObjectNode empty() {
        ObjectNode result = MAPPER.createObjectNode();
        result.putArray("columns");
        result.putArray("rows");
        result.put("rowCount", 0L);
        result.put("truncated", false);
        result.putNull("resultPath");
        return result;
    }

    static ObjectNode error(String reason) {
        return MAPPER.createObjectNode().put("error", reason);
    }

    /** One line: the exception's simple class name and the first line of its message. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        if ((message == null || message.isBlank()) && e.getCause() != null) {
            return reason(e.getCause());
        }
        String firstLine = message == null ? "" : message.strip().lines().findFirst().orElse("");
        return publicName(e) + (firstLine.isEmpty() ? "" : ": " + firstLine);
    }

    /** Analysis errors surface as Spark's internal ExtendedAnalysisException: name the public class. */
    private static String publicName(Throwable e) {
        Class<?> type = e.getClass();
        while (type.getSimpleName().startsWith("Extended") && type.getSuperclass() != Object.class) {
            type = type.getSuperclass();
        }
        return type.getSimpleName();
    }

    static String toString(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize result", e);
        }
    }
}
