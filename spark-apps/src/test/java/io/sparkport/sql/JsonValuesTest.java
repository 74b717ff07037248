package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

class JsonValuesTest {

    private final JsonValues values = new JsonValues(ZoneId.of("Europe/Paris"));

    private String json(Object value, org.apache.spark.sql.types.DataType type) {
        return values.toJson(value, type).toString();
    }

    @Test
    void scalars() {
        assertEquals("108", json(108, DataTypes.IntegerType));
        assertEquals("9007199254740993", json(9007199254740993L, DataTypes.LongType));
        assertEquals("1.50", json(new BigDecimal("1.50"), DataTypes.createDecimalType(10, 2)));
        assertEquals("\"NaN\"", json(Double.NaN, DataTypes.DoubleType));
        assertEquals("true", json(true, DataTypes.BooleanType));
        assertEquals("null", json(null, DataTypes.StringType));
        assertEquals("\"AQI=\"", json(new byte[] {1, 2}, DataTypes.BinaryType));
    }

    @Test
    void datesAndTimestamps() {
        assertEquals("\"2024-02-29\"", json(java.sql.Date.valueOf(LocalDate.of(2024, 2, 29)), DataTypes.DateType));
        Timestamp ts = Timestamp.from(Instant.parse("2024-01-01T10:00:00Z"));
        assertEquals("\"2024-01-01T11:00:00+01:00\"", json(ts, DataTypes.TimestampType));
    }

    @Test
    void nestedTypes() {
        StructType struct = new StructType().add("a", DataTypes.IntegerType).add("b", DataTypes.StringType);
        Row row = RowFactory.create(1, "x");
        assertEquals("{\"a\":1,\"b\":\"x\"}", json(row, struct));

        Object seq = CollectionConverters.asScala(List.of(1, 2)).toSeq();
        assertEquals("[1,2]", json(seq, DataTypes.createArrayType(DataTypes.IntegerType)));

        Map<Object, Object> map = new LinkedHashMap<>();
        map.put("k", List.of());
        map.put(3, null);
        Object scalaMap = CollectionConverters.asScala(map);
        assertEquals("{\"k\":[],\"3\":null}",
                json(scalaMap, DataTypes.createMapType(DataTypes.StringType,
                        DataTypes.createArrayType(DataTypes.IntegerType))));
    }
}
