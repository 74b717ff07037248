package io.sparkport.files;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The directory the file server serves (the pool's PVC). Resolves request paths under it without ever
 * going through a symbolic link, and answers what is at a path without following one.
 */
final class PoolRoot {

    private final Path dir;

    PoolRoot(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    /**
     * The local path of a request path. Refuses one where an existing segment is a symbolic link (a link
     * planted in the pool must not lead reads or writes out of it) or that would leave the root.
     */
    Path resolve(FilePath path) {
        Path current = dir;
        try {
            for (String segment : path.segments()) {
                current = current.resolve(segment);
                if (Files.isSymbolicLink(current)) {
                    throw HttpFailure.badRequest("path '" + path.value() + "' goes through a symbolic link");
                }
            }
        } catch (InvalidPathException e) {
            throw HttpFailure.badRequest("path '" + path.value() + "' is not a valid file name here: " + e.getReason());
        }
        if (!current.normalize().startsWith(dir)) {
            throw HttpFailure.badRequest("path '" + path.value() + "' leaves the pool");
        }
        return current;
    }

    /** The path relative to the root, with '/' between segments. */
    String relative(Path local) {
        return dir.relativize(local).toString().replace(local.getFileSystem().getSeparator(), "/");
    }

    /**
     * The attributes of what is at the path, links not followed; empty when nothing is there, also when a
     * parent on the way is a file (the system's "not a directory").
     */
    static Optional<BasicFileAttributes> attributes(Path local) throws IOException {
        try {
            return Optional.of(Files.readAttributes(local, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (FileSystemException e) {
            if (!Files.isDirectory(local.getParent(), LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The attributes of the regular file at the path; empty when it is missing or something else. */
    static Optional<BasicFileAttributes> regularFile(Path local) throws IOException {
        return attributes(local).filter(BasicFileAttributes::isRegularFile);
    }
}
