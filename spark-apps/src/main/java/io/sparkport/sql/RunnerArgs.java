package io.sparkport.sql;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Command line of {@link SqlRunner}: {@code --job ID --sql-base64 B64 [--pool-dir DIR]
 * [--max-rows N] [--callback URL]}.
 */
public record RunnerArgs(String jobId, Path poolDir, String sql, int maxRows, String callback) {

    public static final int DEFAULT_MAX_ROWS = 10_000;
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public static RunnerArgs parse(String[] args) {
        String jobId = null;
        String sql = null;
        String callback = null;
        Path poolDir = Path.of("");
        int maxRows = DEFAULT_MAX_ROWS;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Missing value for " + name);
            }
            String value = args[i + 1];
            switch (name) {
                case "--job" -> jobId = value;
                case "--pool-dir" -> poolDir = Path.of(value);
                case "--sql-base64" -> sql = decode(value);
                case "--max-rows" -> maxRows = parseMaxRows(value);
                case "--callback" -> callback = callbackUrl(value);
                default -> throw new IllegalArgumentException("Unknown argument " + name);
            }
        }
        return new RunnerArgs(validJobId(jobId), poolDir.toAbsolutePath().normalize(),
                required(sql, "--sql-base64"), maxRows, callback);
    }

    /** The {@code --callback} value of a command line that may not parse, else null. */
    public static String findCallback(String[] args) {
        for (int i = 0; i + 1 < args.length; i++) {
            if ("--callback".equals(args[i]) && !args[i + 1].isBlank()) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static String callbackUrl(String value) {
        if (value.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("--callback must be an http(s) URL: " + value);
    }

    private static String decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sql-base64 is not valid base64: " + e.getMessage());
        }
    }

    private static int parseMaxRows(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--max-rows must be a non-negative integer: " + value);
    }

    private static String validJobId(String jobId) {
        required(jobId, "--job");
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("--job must match " + JOB_ID.pattern() + ": " + jobId);
        }
        return jobId;
    }

    private static String required(String value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
