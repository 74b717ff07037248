package io.sparkport.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sparkport.SparkportException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {

    static InputStream bytes(int n) {
        return new ByteArrayInputStream(new byte[n]);
    }

    @Test
    void passesABodyUpToTheLimit() throws IOException {
        assertEquals(100, new LimitedInputStream(bytes(100), 100, "body").readAllBytes().length);
    }

    @Test
    void cutsOffABodyBeyondTheLimitWithA413() {
        SparkportException e = assertThrows(SparkportException.class,
                () -> new LimitedInputStream(bytes(101), 100, "the upload").readAllBytes());
        assertEquals(SparkportException.Kind.TOO_LARGE, e.kind());
        assertThrows(SparkportException.class, () -> {
            InputStream in = new LimitedInputStream(bytes(101), 100, "body");
            while (in.read() >= 0) {
                // byte by byte
            }
        });
    }
}
