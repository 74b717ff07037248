package io.sparkport.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Pure: how the console writes times, durations and sizes. Times are UTC, like the service's logs. */
public final class ConsoleFormat {

    static final String NONE = "—";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private ConsoleFormat() {
    }

    public static String time(Instant at) {
        return at == null ? NONE : TIME.format(at);
    }

    /** For {@code <time datetime=...>}: ISO-8601, empty when there is no time. */
    public static String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** {@code 850 ms}, {@code 42 s}, {@code 3 min 05 s}, {@code 2 h 07 min}; a dash for null or negative. */
    public static String duration(Duration d) {
        if (d == null || d.isNegative()) {
            return NONE;
        }
        long s = d.toSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    public static String between(Instant from, Instant to) {
        return from == null || to == null ? NONE : duration(Duration.between(from, to));
    }

    /** {@code 0 B}, {@code 1023 B}, {@code 1.5 KiB}, {@code 12 MiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + " " + UNITS[unit];
    }

    /** The text cut to {@code max} characters with an ellipsis; a dash for null or blank. */
    public static String shorten(String text, int max) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }

    /** A pool path for a URL: each segment percent-encoded, the slashes kept. */
    public static String pathUrl(String path) {
        return Arrays.stream(path.split("/", -1))
                .map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }
}
