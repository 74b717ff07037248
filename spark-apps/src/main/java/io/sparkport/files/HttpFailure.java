package io.sparkport.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A request that ends with an error status and a message for the caller, sent as {@code {"message":...}}. */
final class HttpFailure extends RuntimeException {

    private final int status;

    HttpFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static HttpFailure badRequest(String message) {
        return new HttpFailure(400, message);
    }

    static HttpFailure notFound(String message) {
        return new HttpFailure(404, message);
    }

    static HttpFailure conflict(String message) {
        return new HttpFailure(409, message);
    }

    /** A 500 naming what failed and why, e.g. {@code cannot write 'a.csv': no space left on device}. */
    static HttpFailure serverError(String action, IOException e) {
        return new HttpFailure(500, "cannot " + action + ": " + reason(e));
    }

    /** The reason of an IO error in words; file system errors often carry only the file in their message. */
    static String reason(Throwable e) {
        if (e instanceof FileSystemException fse && fse.getReason() == null) {
            return kind(fse) + " (" + fse.getFile() + ")";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String kind(FileSystemException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return "file system error";
    }
}
