package io.trimtab.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary directories benchmarks keep their SQLite files and data directories in. */
final class TempDirs {

    private TempDirs() {
    }

    /** Deletes the directory and everything under it, deepest first. */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the benchmark's temporary directory " + dir, e);
        }
    }
}
