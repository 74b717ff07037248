package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCsvTest {

    static final StructType HAIR = new StructType().add("Hair", DataTypes.StringType).add("total", DataTypes.LongType)
            .add("red", DataTypes.BooleanType);

    @Test
    void writesPlainRowsAsSparkWouldWithHeaderAndSuccessMarker(@TempDir Path pool) throws Exception {
        Path dir = pool.resolve("results/j1");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("part-00000-old.csv"), "stale");
        List<Row> rows = List.of(RowFactory.create("Black", 108L, false), RowFactory.create("Red", 71L, true),
                RowFactory.create("Light Brown", null, null));
        assertTrue(LocalCsv.canWrite(HAIR, rows));
        LocalCsv.write(HAIR, rows, dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        assertEquals(2, files.size(), files.toString());
        assertEquals("_SUCCESS", files.get(0).getFileName().toString());
        assertTrue(files.get(1).getFileName().toString().matches("part-00000-.*-c000\\.csv"));
        assertEquals(List.of("Hair,total,red", "Black,108,false", "Red,71,true", "Light Brown,,"),
                Files.readAllLines(files.get(1)));
    }

    @Test
    void leavesToSparkWhatItWouldQuoteTrimOrFormat() {
        for (String s : Arrays.asList("", " padded", "a,b", "say \"hi\"", "two\nlines", "back\\slash", "#x")) {
            assertFalse(LocalCsv.canWrite(HAIR, List.of(RowFactory.create(s, 1L, true))), s);
        }
        assertFalse(LocalCsv.canWrite(new StructType().add("x", DataTypes.DoubleType), List.of()));
        assertFalse(LocalCsv.canWrite(new StructType().add("a b,c", DataTypes.LongType), List.of()));
        assertTrue(LocalCsv.canWrite(new StructType().add("n", DataTypes.IntegerType), List.of()), "no rows: header only");
    }
}
