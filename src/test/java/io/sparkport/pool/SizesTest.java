package io.sparkport.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkport.SparkportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SizesTest {

    @Test
    void parsesSparkMemorySizes() {
        assertEquals(512, MemorySize.parse("m", "512m").mebibytes());
        assertEquals(1024, MemorySize.parse("m", "1g").mebibytes());
        assertEquals(2048, MemorySize.parse("m", "2G").mebibytes());
        assertEquals(64, MemorySize.parse("m", "65536k").mebibytes());
        assertEquals("1024m", MemorySize.parse("m", "1g").toSpark());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1g", "1x", "g", "1.5g", "0m", "16m", "2000g", "999999999999g"})
    void refusesAbsurdMemory(String text) {
        assertThrows(SparkportException.class, () -> MemorySize.parse("workers.memory", text));
    }

    @Test
    void acceptsKubernetesQuantities() {
        assertEquals("10Gi", StorageSize.validate("10Gi"));
        assertEquals("500M", StorageSize.validate("500M"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1Gi", "10 Gi", "10GB", "1", "2Pi", "0Gi", "99999999999999Ti"})
    void refusesBadQuantities(String q) {
        assertThrows(SparkportException.class, () -> StorageSize.validate(q));
    }
}
