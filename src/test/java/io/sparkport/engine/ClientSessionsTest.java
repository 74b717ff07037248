package io.sparkport.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The pure rule of when a client session is released for idleness (the registry is exercised end to end). */
class ClientSessionsTest {

    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final Duration THIRTY_MINUTES = Duration.ofMinutes(30);

    @Test
    void aQuietSessionIsReleasedAfterTheTimeout() {
        assertFalse(ClientSessions.idle(0, T0, T0.plus(Duration.ofMinutes(29)), THIRTY_MINUTES));
        assertTrue(ClientSessions.idle(0, T0, T0.plus(THIRTY_MINUTES), THIRTY_MINUTES));
    }

    @Test
    void aSessionWithARunningCallIsNeverIdle() {
        assertFalse(ClientSessions.idle(1, T0, T0.plus(Duration.ofHours(5)), THIRTY_MINUTES),
                "a long query or an open result stream is activity");
    }

    @Test
    void usesAreTheCallersOrSomeoneElses() {
        assertInstanceOf(ClientSessions.Use.class, new ClientSessions.Foreign("bob"));
        assertEquals("s", new ClientSessions.Mine("s").sessionId());
    }
}
