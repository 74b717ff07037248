package io.sparkport.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** {@code HEAD}, {@code GET} and {@code DELETE} of one file; a folder or a link is no file (404). */
final class FileOperations {

    private final PoolRoot root;

    FileOperations(PoolRoot root) {
        this.root = root;
    }

    void head(Exchange exchange, FilePath path) throws IOException {
        BasicFileAttributes file = existing(path, root.resolve(path));
        exchange.responseHeader("Content-Length", Long.toString(file.size()));
        exchange.empty(200);
    }

    /**
     * Streams the file: the length it had when opened, from the file opened (an upload that replaces it
     * meanwhile renames another file into place; this one reads on).
     */
    void get(Exchange exchange, FilePath path) throws IOException {
        try (SeekableByteChannel channel = open(path, root.resolve(path))) {
            long size = channel.size();
            exchange.responseHeader("Content-Type", "application/octet-stream");
            try (OutputStream out = exchange.stream(200, size)) {
                Copying.copy(Channels.newInputStream(channel), out, size);
            }
        }
    }

    void delete(Exchange exchange, FilePath path) throws IOException {
        Path local = root.resolve(path);
        existing(path, local);
        try {
            Files.delete(local);
        } catch (NoSuchFileException e) {
            throw missing(path);
        }
        exchange.empty(204);
    }

    private static SeekableByteChannel open(FilePath path, Path local) throws IOException {
        existing(path, local);
        try {
            return Files.newByteChannel(local, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw missing(path);
        }
    }

    private static BasicFileAttributes existing(FilePath path, Path local) throws IOException {
        return PoolRoot.regularFile(local).orElseThrow(() -> missing(path));
    }

    private static HttpFailure missing(FilePath path) {
        return HttpFailure.notFound("no file '" + path.value() + "'");
    }
}
