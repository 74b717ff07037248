package io.sparkport.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code PUT /v1/files/<path>}: the body is streamed into a hidden temporary next to the target and moved
 * into place atomically, so readers see the old file or the new one, never a part. A body that ends early
 * leaves the old file untouched and the temporary deleted, and gets no 2xx.
 */
final class FileUpload {

    static final String TEMP_PREFIX = ".sparkport-upload-";

    private final PoolRoot root;

    FileUpload(PoolRoot root) {
        this.root = root;
    }

    void handle(Exchange exchange, FilePath path) throws IOException {
        Path target = root.resolve(path);
        refuseConflicts(path, target);
        boolean created = PoolRoot.attributes(target).isEmpty();
        Path temp = target.resolveSibling(TEMP_PREFIX + UUID.randomUUID());
        BasicFileAttributes stored;
        try {
            receive(exchange, path, temp);
            // A rename keeps size and modification time: what the temporary has is what was stored.
            stored = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw HttpFailure.serverError("write '" + path.value() + "'", e);
        } finally {
            deleteQuietly(temp);
        }
        exchange.json(created ? 201 : 200, Json.file(path.value(), stored));
    }

    /** 409 when the target is a folder or a parent on the way is a file; creates the missing parents. */
    private void refuseConflicts(FilePath path, Path target) throws IOException {
        if (PoolRoot.attributes(target).filter(BasicFileAttributes::isDirectory).isPresent()) {
            throw HttpFailure.conflict("'" + path.value() + "' is a directory");
        }
        Path parent = root.dir();
        for (String segment : path.segments().subList(0, path.segments().size() - 1)) {
            parent = parent.resolve(segment);
            Optional<BasicFileAttributes> there = PoolRoot.attributes(parent);
            if (there.isPresent() && !there.get().isDirectory()) {
                throw HttpFailure.conflict("'" + root.relative(parent) + "' is a file");
            }
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (FileAlreadyExistsException e) {
            throw HttpFailure.conflict("a parent of '" + path.value() + "' became a file");
        }
    }

    /** Streams the body into the temporary; refuses a body that breaks off or is shorter than its Content-Length. */
    private void receive(Exchange exchange, FilePath path, Path temp) throws IOException {
        long expected = contentLength(exchange);
        RequestBody body = new RequestBody(exchange.body());
        try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            Copying.copy(body, out);
        } catch (RequestBody.Broken e) {
            throw ended(path, e.getMessage());
        } finally {
            exchange.received(body.count());
        }
        if (expected >= 0 && body.count() != expected) {
            throw ended(path, "after " + body.count() + " of " + expected + " bytes");
        }
    }

    private static HttpFailure ended(FilePath path, String how) {
        return HttpFailure.badRequest("the upload of '" + path.value() + "' ended early: " + how);
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            System.err.println("could not delete the upload temporary " + temp + ": " + HttpFailure.reason(e));
        }
    }

    /** The declared length, or -1 for a chunked body. */
    private static long contentLength(Exchange exchange) {
        String header = exchange.header("Content-Length");
        if (header == null || "chunked".equalsIgnoreCase(exchange.header("Transfer-Encoding"))) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw HttpFailure.badRequest("Content-Length '" + header + "' is not a number");
        }
    }
}
