package io.sparkport.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns values of collected Spark rows into JSON: numbers (decimals exact), strings,
 * booleans and null as such; dates and timestamps as ISO-8601 strings (timestamps with the
 * session time zone's offset); binary as base64; arrays as arrays; maps and structs as
 * objects. Anything else (intervals, variants, ...) as its string form.
 */
final class JsonValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final java.util.function.Supplier<ZoneId> zone;
    private ZoneId known;

    JsonValues(ZoneId zone) {
        this(() -> zone);
    }

    /** @param zone the session's time zone, asked once, when the first timestamp needs it */
    JsonValues(java.util.function.Supplier<ZoneId> zone) {
        this.zone = zone;
    }

    private ZoneId zone() {
        if (known == null) {
            known = zone.get();
        }
        return known;
    }

    JsonNode toJson(Object value, DataType type) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (type instanceof StructType struct) {
            return struct((Row) value, struct);
        }
        if (type instanceof ArrayType array) {
            return array(value, array.elementType());
        }
        if (type instanceof MapType map) {
            return map(value, map);
        }
        return scalar(value);
    }

    private ObjectNode struct(Row row, StructType type) {
        ObjectNode node = JSON.objectNode();
        StructField[] fields = type.fields();
        for (int i = 0; i < fields.length; i++) {
            node.set(fields[i].name(), toJson(row.get(i), fields[i].dataType()));
        }
        return node;
    }

    private ArrayNode array(Object value, DataType elementType) {
        ArrayNode node = JSON.arrayNode();
        for (Object element : asIterable(value)) {
            node.add(toJson(element, elementType));
        }
        return node;
    }

    private ObjectNode map(Object value, MapType type) {
        ObjectNode node = JSON.objectNode();
        for (Map.Entry<?, ?> entry : asMap(value).entrySet()) {
            JsonNode key = toJson(entry.getKey(), type.keyType());
            String name = key.isTextual() ? key.asText() : key.toString();
            node.set(name, toJson(entry.getValue(), type.valueType()));
        }
        return node;
    }

    private JsonNode scalar(Object v) {
        if (v instanceof String s) {
            return JSON.textNode(s);
        } else if (v instanceof Boolean b) {
            return JSON.booleanNode(b);
        } else if (v instanceof Byte || v instanceof Short || v instanceof Integer) {
            return JSON.numberNode(((Number) v).intValue());
        } else if (v instanceof Long l) {
            return JSON.numberNode(l);
        } else if (v instanceof Float || v instanceof Double) {
            return floating(((Number) v).doubleValue());
        } else if (v instanceof BigDecimal d) {
            return JSON.numberNode(d);
        } else if (v instanceof byte[] bytes) {
            return JSON.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        return JSON.textNode(temporal(v));
    }

    /** JSON has no NaN or infinities: those become strings. */
    private static JsonNode floating(double d) {
        return Double.isFinite(d) ? JSON.numberNode(d) : JSON.textNode(Double.toString(d));
    }

    private String temporal(Object v) {
        if (v instanceof java.sql.Timestamp ts) {
            return instant(ts.toInstant());
        } else if (v instanceof Instant instant) {
            return instant(instant);
        } else if (v instanceof java.sql.Date date) {
            return date.toLocalDate().toString();
        } else if (v instanceof LocalDate date) {
            return date.toString();
        } else if (v instanceof LocalDateTime ntz) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(ntz);
        }
        return v.toString();
    }

    private String instant(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(instant.atZone(zone()));
    }

    @SuppressWarnings("unchecked")
    private static Iterable<Object> asIterable(Object value) {
        if (value instanceof scala.collection.Iterable<?> seq) {
            return CollectionConverters.asJava((scala.collection.Iterable<Object>) seq);
        }
        return (Iterable<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> asMap(Object value) {
        if (value instanceof scala.collection.Map<?, ?> map) {
            return CollectionConverters.asJava((scala.collection.Map<Object, Object>) map);
        }
        return (Map<Object, Object>) value;
    }
}
