package io.sparkport.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RunnerArgsTest {

    private static final String SQL = Base64.getEncoder().encodeToString("SELECT 'é'".getBytes(StandardCharsets.UTF_8));

    @Test
    void parsesAllArguments() {
        RunnerArgs args = RunnerArgs.parse(new String[] {"--job", "j-1", "--pool-dir", "/tmp/pool",
            "--sql-base64", SQL, "--max-rows", "5", "--callback", "http://127.0.0.1:8081/cb"});
        assertEquals("j-1", args.jobId());
        assertEquals(Path.of("/tmp/pool"), args.poolDir());
        assertEquals("SELECT 'é'", args.sql());
        assertEquals(5, args.maxRows());
        assertEquals("http://127.0.0.1:8081/cb", args.callback());
    }

    @Test
    void appliesDefaults() {
        RunnerArgs args = RunnerArgs.parse(new String[] {"--job", "j", "--sql-base64", SQL});
        assertEquals(Path.of("").toAbsolutePath(), args.poolDir());
        assertEquals(RunnerArgs.DEFAULT_MAX_ROWS, args.maxRows());
        assertNull(args.callback());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--sql-base64", SQL}));
        assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--job", "../x", "--sql-base64", SQL}));
        assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--job", "j", "--sql-base64", "%%"}));
        assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--job", "j", "--sql-base64", SQL, "--max-rows", "-1"}));
        assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--job", "j", "--sql-base64", SQL, "--callback", "ftp://x/"}));
        assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--job", "j", "--sql-base64"}));
        assertThrows(IllegalArgumentException.class, () -> RunnerArgs.parse(new String[] {"--jobs", "j"}));
        assertEquals("http://h/cb", RunnerArgs.findCallback(new String[] {"--bogus", "--callback", "http://h/cb"}));
    }
}
