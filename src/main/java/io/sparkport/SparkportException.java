package io.sparkport;

/**
 * A classified domain error. The kind decides the HTTP status and whether retrying could help;
 * the message is written for the user and ends up as the problem's {@code detail}.
 */
public class SparkportException extends RuntimeException {

    public enum Kind {
        /** The request can never succeed as it is (422). */
        INVALID,
        /** The request is malformed (400), e.g. a path that leaves its pool. */
        BAD_REQUEST,
        NOT_FOUND,
        /** The request conflicts with the current state (409), e.g. deleting a pool with running jobs. */
        CONFLICT,
        /** The caller is not who it claims to be (401). */
        UNAUTHORIZED,
        /** The caller is known but may not do this (403), e.g. touch another owner's pool. */
        FORBIDDEN,
        /** The request exceeds a configured limit of size (413). */
        TOO_LARGE,
        /** A backend failed (502); transient, may be retried. */
        BACKEND
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
