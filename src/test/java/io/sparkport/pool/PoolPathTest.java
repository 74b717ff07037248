package io.sparkport.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkport.SparkportException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PoolPathTest {

    @Test
    void acceptsRelativePaths() {
        PoolPath p = PoolPath.parse("raw/2026/sales data.csv");
        assertEquals("raw/2026/sales data.csv", p.value());
        assertEquals(List.of("raw", "2026", "sales data.csv"), p.segments());
        assertEquals("sales data.csv", p.fileName());

    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../../x", "a/..", "./a", "a/./b", "/etc/passwd", "a//b", "a/",
            "..%2fx", "%2e%2e/x", "a%2Fb", "a\\..\\b", "a%5cb", "a%00b", "%252e%252e/x", "a\u0000b", "a\nb", ""})
    void refusesPathsThatCouldLeaveThePool(String raw) {
        SparkportException e = assertThrows(SparkportException.class, () -> PoolPath.parse(raw));
        assertEquals(SparkportException.Kind.BAD_REQUEST, e.kind());
    }

    @Test
    void refusesOverlongPaths() {
        assertThrows(SparkportException.class, () -> PoolPath.parse("a".repeat(256)));
        assertThrows(SparkportException.class, () -> PoolPath.parse("ab/".repeat(400)));
    }
}
