package io.sparkport.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every regular file under the root whose relative path starts with a prefix, sorted by path, as the
 * listing JSON. Symbolic links are neither followed nor listed; upload temporaries are left out; a file or
 * folder that vanishes during the walk (a running Spark job's {@code _temporary}) is skipped.
 */
final class FileListing {

    /** A listed file; modified in epoch milliseconds. */
    record Entry(String path, long size, long modified) {
    }

    private final PoolRoot root;

    FileListing(PoolRoot root) {
        this.root = root;
    }

    /** The matching files; none when the root is missing (a pool nothing was written to yet). */
    List<Entry> list(String prefix) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(root.dir())) {
            return entries;
        }
        Files.walkFileTree(root.dir(), new Collector(prefix, entries));
        entries.sort(Comparator.comparing(Entry::path));
        return entries;
    }

    static String json(List<Entry> entries) {
        StringBuilder out = new StringBuilder(32 + entries.size() * 80).append("{\"files\":[");
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            Json.file(i == 0 ? out : out.append(','), entry.path(), entry.size(), entry.modified());
        }
        return out.append("]}").toString();
    }

    private final class Collector extends SimpleFileVisitor<Path> {

        private final String prefix;
        private final List<Entry> entries;

        Collector(String prefix, List<Entry> entries) {
            this.prefix = prefix;
            this.entries = entries;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            if (dir.equals(root.dir())) {
                return FileVisitResult.CONTINUE;
            }
            String folder = root.relative(dir) + "/";
            // Only a folder on the way to the prefix, or inside it, can hold matching files.
            boolean mayMatch = folder.startsWith(prefix) || prefix.startsWith(folder);
            return mayMatch ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            String path = root.relative(file);
            if (attributes.isRegularFile() && path.startsWith(prefix)
                    && !file.getFileName().toString().startsWith(FileUpload.TEMP_PREFIX)) {
                entries.add(new Entry(path, attributes.size(), attributes.lastModifiedTime().toMillis()));
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE; // vanished since its folder was read
            }
            throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
