package io.sparkport.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerArgsTest {

    @Test
    void parsesRootPortAndBindWithItsDefault() {
        ServerArgs args = ServerArgs.parse(new String[] {"--root", "/data/pool/../pool", "--port", "8090"});
        assertEquals(new ServerArgs(Path.of("/data/pool"), 8090, "0.0.0.0"), args);
        assertEquals("127.0.0.1", ServerArgs.parse(new String[] {"--root", "/d", "--port", "0", "--bind", "127.0.0.1"}).bind());
        assertEquals(Duration.ofMinutes(5), ServerArgs.parse(new String[] {"--root", "/d", "--port", "0", "--idle-exit", "PT5M"}).idleExit());
    }

    @Test
    void refusesAnIncompleteOrUnknownCommandLine() {
        assertEquals("--port is required", message("--root", "/d"));
        assertEquals("--root is required", message("--port", "1"));
        assertEquals("missing value for --port", message("--root", "/d", "--port"));
        assertEquals("--port must be a number, not 'x'", message("--root", "/d", "--port", "x"));
        assertEquals("--port must be between 0 and 65535, not 70000", message("--root", "/d", "--port", "70000"));
        assertEquals("--idle-exit must be an ISO-8601 duration such as PT5M, not '5m'",
                message("--root", "/d", "--port", "1", "--idle-exit", "5m"));
        assertEquals("--idle-exit must be positive, not PT0S", message("--root", "/d", "--port", "1", "--idle-exit", "PT0S"));
        assertEquals("unknown argument --token", message("--root", "/d", "--port", "1", "--token", "t"));
    }

    @Test
    void aTokenMatchesOnlyItself() {
        BearerToken token = new BearerToken("s3cret");
        assertTrue(token.accepts("Bearer s3cret"));
        assertFalse(token.accepts("Bearer s3cre"));
        assertFalse(token.accepts("Bearer s3cret2"));
        assertFalse(token.accepts("bearer s3cret"));
        assertFalse(token.accepts(null));
        assertThrows(IllegalArgumentException.class, () -> new BearerToken(" "));
    }

    private static String message(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> ServerArgs.parse(args)).getMessage();
    }
}
