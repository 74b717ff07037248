package io.sparkport.pool;

import java.util.Locale;
import java.util.regex.Matcher;
import io.sparkport.SparkportException;
import java.util.regex.Pattern;

/** A JVM memory size in Spark's notation ({@code 512m}, {@code 1g}), held in MiB. */
public record MemorySize(long mebibytes) {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})([kmgt]?)b?");
    public static final MemorySize MIN = new MemorySize(32);
    public static final MemorySize MAX = new MemorySize(1024L * 1024);
    /** Spark refuses drivers and executors with less than 450 MiB of heap. */
    public static final MemorySize SPARK_MIN = new MemorySize(512);

    public static MemorySize parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw SparkportException.invalid(field + " is required");
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw SparkportException.invalid(field + " '" + text + "' is not a memory size like 512m or 2g");
        }
        long n = Long.parseLong(m.group(1));
        long mib = switch (m.group(2)) {
            case "k" -> n / 1024;
            case "", "m" -> n;
            case "g" -> n * 1024;
            default -> n * 1024 * 1024;
        };
        if (mib < MIN.mebibytes || mib > MAX.mebibytes) {
            throw SparkportException.invalid(field + " '" + text + "' must be between 32m and 1024g");
        }
        return new MemorySize(mib);
    }

    /** Spark's notation, e.g. {@code 1024m}. */
    public String toSpark() {
        return mebibytes + "m";
    }

    /** For a Spark JVM: at least {@link #SPARK_MIN}. */
    public static MemorySize parseForSpark(String field, String text) {
        MemorySize m = parse(field, text);
        if (!SPARK_MIN.fitsIn(m)) {
            throw SparkportException.invalid(field + " '" + text + "' is below Spark's minimum of " + SPARK_MIN.toSpark());
        }
        return m;
    }

    public boolean fitsIn(MemorySize other) {
        return mebibytes <= other.mebibytes;
    }
}
