package io.sparkport.job;

/**
 * Which lines of a log a page shows, as Livy pages its logs (and the Kyuubi surface with it): {@code from}
 * below 0 means the last {@code size} lines, {@code size} below 0 all lines from {@code from}.
 *
 * @param from  the first line shown (0-based)
 * @param until one past the last line shown
 * @param total how many lines the log has
 */
public record LogWindow(long from, long until, long total) {

    public static LogWindow of(long total, long from, long size) {
        long start = from < 0 ? (size < 0 ? 0 : Math.max(0, total - size)) : Math.min(from, total);
        long end = size < 0 ? total : Math.min(total, start + size);
        return new LogWindow(start, end, total);
    }

    public long size() {
        return until - from;
    }
}
