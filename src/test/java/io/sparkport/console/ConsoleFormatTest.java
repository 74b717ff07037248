package io.sparkport.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleFormatTest {

    @Test
    void timesAreUtcAndMissingOnesADash() {
        assertEquals("2026-11-27 03:04:05 UTC", ConsoleFormat.time(Instant.parse("2026-11-27T03:04:05.678Z")));
        assertEquals("—", ConsoleFormat.time(null));
        assertEquals("", ConsoleFormat.iso(null));
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertEquals("850 ms", ConsoleFormat.duration(Duration.ofMillis(850)));
        assertEquals("42 s", ConsoleFormat.duration(Duration.ofSeconds(42)));
        assertEquals("3 min 05 s", ConsoleFormat.duration(Duration.ofSeconds(185)));
        assertEquals("2 h 07 min", ConsoleFormat.duration(Duration.ofMinutes(127)));
        assertEquals("—", ConsoleFormat.duration(Duration.ofSeconds(-1)));
        assertEquals("—", ConsoleFormat.between(Instant.EPOCH, null));
    }

    @Test
    void sizesUseBinaryUnits() {
        assertEquals("0 B", ConsoleFormat.bytes(0));
        assertEquals("1023 B", ConsoleFormat.bytes(1023));
        assertEquals("1.5 KiB", ConsoleFormat.bytes(1536));
        assertEquals("12 MiB", ConsoleFormat.bytes(12L * 1024 * 1024));
        assertEquals("10 GiB", ConsoleFormat.bytes(10L * 1024 * 1024 * 1024));
    }

    @Test
    void textIsShortenedOnOneLine() {
        assertEquals("a b c", ConsoleFormat.shorten(" a\n b\tc ", 10));
        assertEquals("abcd…", ConsoleFormat.shorten("abcdefgh", 5));
        assertEquals("—", ConsoleFormat.shorten(" ", 5));
    }

    @Test
    void poolPathsAreEncodedSegmentBySegment() {
        assertEquals("results/abc/part-0000.csv", ConsoleFormat.pathUrl("results/abc/part-0000.csv"));
        assertEquals("my%20data/%C3%A4%3F%23.csv", ConsoleFormat.pathUrl("my data/ä?#.csv"));
    }

    @Test
    void jobListLinksCarryOnlyTheFiltersGiven() {
        assertEquals("/jobs", ConsoleLinks.jobs(null, "", null, null));
        assertEquals("/jobs?pool=demo&state=FAILED&after=abc", ConsoleLinks.jobs("demo", "FAILED", null, "abc"));
        assertEquals("/jobs?schedule=a+b%26c", ConsoleLinks.jobs(null, null, "a b&c", null));
    }

    @Test
    void formsArePostedOnlyFromTheSameHost() {
        assertTrue(SameOriginForms.sameHost("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(SameOriginForms.sameHost("https://sparkport.example", "sparkport.example"));
        assertFalse(SameOriginForms.sameHost("http://evil.example", "127.0.0.1:8080"));
        assertFalse(SameOriginForms.sameHost("http://127.0.0.1:9999", "127.0.0.1:8080"));
        assertFalse(SameOriginForms.sameHost("null", "127.0.0.1:8080"));
        assertFalse(SameOriginForms.sameHost("http://127.0.0.1:8080", null));
        assertTrue(SameOriginForms.isConsole("/jobs/abc/cancel"));
        assertFalse(SameOriginForms.isConsole("/api/v1/jobs"));
    }
}
