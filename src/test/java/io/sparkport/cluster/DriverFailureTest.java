package io.sparkport.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DriverFailureTest {

    @Test
    void readsSparkSubmitErrors() {
        List<String> log = List.of("26/11/27 WARN Utils: something", "Error: Failed to load class com.example.Nope.",
                "26/11/27 INFO ShutdownHookManager: Shutdown hook called");
        assertEquals("Failed to load class com.example.Nope.", DriverFailure.reason(log, 101));
    }

    @Test
    void readsTheMainThreadsException() {
        List<String> log = List.of("Exception in thread \"main\" java.lang.IllegalStateException: no input",
                "\tat Main.main(Main.java:3)");
        assertEquals("java.lang.IllegalStateException: no input", DriverFailure.reason(log, 1));
    }

    @Test
    void fallsBackToTheExitCode() {
        assertEquals("driver exited with code 137; see the job's log", DriverFailure.reason(List.of("killed"), 137));
    }
}
