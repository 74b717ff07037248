package io.sparkport.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilePathTest {

    @Test
    void decodesOnceAsUtf8() {
        FilePath path = FilePath.fromRaw("raw%20data/sal%C3%A9s+2026.csv");
        assertEquals("raw data/salés+2026.csv", path.value());
        assertEquals(List.of("raw data", "salés+2026.csv"), path.segments());
    }

    @Test
    void rawUtf8BytesAsTheServerReadsThemAlsoWork() {
        // the JDK's server reads the request line as ISO-8859-1: "é" sent unencoded arrives as two chars
        assertEquals("é.csv", FilePath.fromRaw("\u00c3\u00a9.csv").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "%2fetc", "a\\b", "a%5cb", "a%00b", "a%0ab", "a//b", "a/", "./a", "a/./b",
        "..", "a/../../b", "%2e%2e/x", "%2E%2E", "a/%2e", "%252e%252e/x", "a%252fb", "a%255cb", "a%2500", "a%2525"})
    void refusesWhatCouldLeaveTheRootOrDecodeTwice(String raw) {
        HttpFailure e = assertThrows(HttpFailure.class, () -> FilePath.fromRaw(raw));
        assertEquals(400, e.status(), raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"%zz", "a%4", "a%", "%ff", "%c3"})
    void refusesMalformedEscapesAndNonUtf8(String raw) {
        assertEquals(400, assertThrows(HttpFailure.class, () -> FilePath.fromRaw(raw)).status());
    }

    @Test
    void namesTheProblem() {
        assertEquals("path '../x' leaves the pool", assertThrows(HttpFailure.class, () -> FilePath.fromRaw("%2e%2e/x")).getMessage());
        assertEquals("path 'a%2e' contains an escaped separator or dot",
                assertThrows(HttpFailure.class, () -> FilePath.fromRaw("a%252e")).getMessage());
        assertEquals("path is required", assertThrows(HttpFailure.class, () -> FilePath.fromRaw("")).getMessage());
    }
}
