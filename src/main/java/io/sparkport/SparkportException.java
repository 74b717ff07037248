package io.sparkport;

/**
 * A classified domain error. The kind decides the HTTP status and whether retrying could help;
 * the message is written for the user and ends up as the problem's {@code detail}.
 */
public class SparkportException extends RuntimeException {

    /** Each kind with the HTTP status, problem type and title it answers with, in the API and the console. */
    public enum Kind {
        /** The request can never succeed as it is. */
        INVALID(422, "invalid-request", "Invalid request"),
        /** The request is malformed, e.g. a path that leaves its pool. */
        BAD_REQUEST(400, "bad-request", "Bad request"),
        NOT_FOUND(404, "not-found", "Not found"),
        /** The request conflicts with the current state, e.g. deleting a pool with running jobs. */
        CONFLICT(409, "conflict", "Conflict"),
        /** The caller is not who it claims to be. */
        UNAUTHORIZED(401, "unauthorized", "Unauthorized"),
        /** The caller is known but may not do this, e.g. touch another owner's pool. */
        FORBIDDEN(403, "forbidden", "Forbidden"),
        /** The request exceeds a configured limit of size. */
        TOO_LARGE(413, "too-large", "Content too large"),
        /** A backend failed; transient, may be retried. */
        BACKEND(502, "backend-error", "Backend error");

        private final int status;
        private final String type;
        private final String title;

        Kind(int status, String type, String title) {
            this.status = status;
            this.type = type;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String type() {
            return type;
        }

        public String title() {
            return title;
        }
    }

    private final Kind kind;

    public SparkportException(Kind kind, String message) {
        this(kind, message, null);
    }

    public SparkportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static SparkportException invalid(String message) {
        return new SparkportException(Kind.INVALID, message);
    }

    public static SparkportException badRequest(String message) {
        return new SparkportException(Kind.BAD_REQUEST, message);
    }

    public static SparkportException notFound(String message) {
        return new SparkportException(Kind.NOT_FOUND, message);
    }

    public static SparkportException conflict(String message) {
        return new SparkportException(Kind.CONFLICT, message);
    }

    public static SparkportException unauthorized(String message) {
        return new SparkportException(Kind.UNAUTHORIZED, message);
    }

    public static SparkportException forbidden(String message) {
        return new SparkportException(Kind.FORBIDDEN, message);
    }

    public static SparkportException tooLarge(String message) {
        return new SparkportException(Kind.TOO_LARGE, message);
    }
}
