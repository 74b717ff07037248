package io.sparkport.files;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Command line of {@link PoolFileServer}: {@code --root DIR --port N [--bind ADDRESS] [--idle-exit DURATION]}.
 * Port 0 takes a free port (the tests use it); the address defaults to every interface, as a pod needs; with
 * {@code --idle-exit} (ISO-8601, e.g. {@code PT5M}) the server exits once no request came for that long.
 */
public record ServerArgs(Path root, int port, String bind, Duration idleExit) {

    public static final String DEFAULT_BIND = "0.0.0.0";
    static final String USAGE = "usage: java -cp sparkport-files.jar io.sparkport.files.PoolFileServer"
            + " --root DIR --port N [--bind ADDRESS] [--idle-exit PT5M] (token in $" + PoolFileServer.TOKEN_ENV + ")";

    public ServerArgs {
        if (root == null) {
            throw new IllegalArgumentException("--root is required");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be between 0 and 65535, not " + port);
        }
        if (idleExit != null && (idleExit.isNegative() || idleExit.isZero())) {
            throw new IllegalArgumentException("--idle-exit must be positive, not " + idleExit);
        }
        root = root.toAbsolutePath().normalize();
    }

    /** Without an idle exit: serves until stopped. */
    public ServerArgs(Path root, int port, String bind) {
        this(root, port, bind, null);
    }

    public static ServerArgs parse(String[] args) {
        Path root = null;
        Integer port = null;
        String bind = DEFAULT_BIND;
        Duration idleExit = null;
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = args[i + 1];
            switch (name) {
                case "--root" -> root = Path.of(value);
                case "--port" -> port = parsePort(value);
                case "--bind" -> bind = value;
                case "--idle-exit" -> idleExit = parseDuration(value);
                default -> throw new IllegalArgumentException("unknown argument " + name);
            }
        }
        if (port == null) {
            throw new IllegalArgumentException("--port is required");
        }
        return new ServerArgs(root, port, bind, idleExit);
    }

    private static Duration parseDuration(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--idle-exit must be an ISO-8601 duration such as PT5M, not '" + value + "'");
        }
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, not '" + value + "'");
        }
    }
}
