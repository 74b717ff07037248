package io.sparkport.pool;

import io.sparkport.SparkportException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A relative path inside a data pool, e.g. {@code raw/2026/sales.csv}. Anything that could leave the
 * pool — {@code ..} or {@code .} segments, absolute paths, backslashes, control characters, or
 * percent-encoded remnants of those — is refused before the file system is touched.
 */
public record PoolPath(String value) {

    public static final int MAX_LENGTH = 1024;
    private static final int MAX_SEGMENT = 255;
    private static final Pattern ENCODED_SEPARATOR_OR_DOT = Pattern.compile("%(2e|2f|5c|00|25)", Pattern.CASE_INSENSITIVE);

    public static PoolPath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw SparkportException.badRequest("path is required");
        }
        if (raw.length() > MAX_LENGTH) {
            throw SparkportException.badRequest("path is longer than " + MAX_LENGTH + " characters");
        }
        if (raw.startsWith("/")) {
            throw SparkportException.badRequest("path '" + raw + "' must be relative to the pool");
        }
        if (raw.indexOf('\\') >= 0 || ENCODED_SEPARATOR_OR_DOT.matcher(raw).find()) {
            throw SparkportException.badRequest("path '" + raw + "' contains an escaped separator or dot");
        }
        for (int i = 0; i < raw.length(); i++) {
            if (Character.isISOControl(raw.charAt(i))) {
                throw SparkportException.badRequest("path contains a control character");
            }
        }
        for (String segment : raw.split("/", -1)) {
            checkSegment(raw, segment);
        }
        return new PoolPath(raw);
    }

    private static void checkSegment(String raw, String segment) {
        if (segment.isEmpty()) {
            throw SparkportException.badRequest("path '" + raw + "' has an empty segment");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw SparkportException.badRequest("path '" + raw + "' leaves the pool");
        }
        if (segment.length() > MAX_SEGMENT) {
            throw SparkportException.badRequest("path segment longer than " + MAX_SEGMENT + " characters");
        }
    }

    public List<String> segments() {
        return List.of(value.split("/"));
    }

    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }
}
