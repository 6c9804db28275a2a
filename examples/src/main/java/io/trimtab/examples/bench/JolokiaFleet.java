package io.trimtab.examples.bench;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.jmx.ObjectNames;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * A runtime with caches that had some traffic, SQLite databases and their connection pools; the Jolokia, metrics and
 * dashboard figures are quoted for 100 caches and 10 databases (so 10 pools). The sampling job runs every second, as
 * in a busy deployment, unless a scenario samples by hand.
 */
final class JolokiaFleet implements AutoCloseable {

    final Trimtab trimtab;
    private final Path dataDir;

    /** @param jolokia whether Trimtab's own agent runs (on an ephemeral loopback port) */
    JolokiaFleet(String domain, boolean jolokia, int caches, int databases) throws IOException {
        this(domain, jolokia, caches, databases, "1s");
    }

    /** @param sampling the sampling job's schedule, e.g. {@code 1s}, or {@code 1h} for a scenario that samples by hand */
    JolokiaFleet(String domain, boolean jolokia, int caches, int databases, String sampling) throws IOException {
        dataDir = Files.createTempDirectory("trimtab-bench-jolokia");
        trimtab = Trimtab.builder().name(domain).jmxDomain(domain).dataDir(dataDir).jolokiaEnabled(jolokia)
                .jolokiaPort(0).setting("jobs.sampling", sampling).start();
        try {
            for (int i = 0; i < caches; i++) {
                ManagedCache<Long, String> cache = trimtab.caches().create("c" + i, Long.class, String.class,
                        CacheSpec.builder().heapEntries(1_000).entryBounds(100, 10_000).build());
                for (long key = 0; key < 50; key++) {
                    cache.getOrLoad(key % 20, k -> "value " + k);
                }
            }
            for (int i = 0; i < databases; i++) {
                trimtab.databases().open("d" + i, Path.of("d" + i + ".db"), Profile.SAFE_WAL);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Runs {@code queries} small queries on each database, through its timed data source and its pool. */
    void queryEveryDatabase(int queries) throws SQLException {
        for (String name : trimtab.databases().names()) {
            ManagedDatabase database = trimtab.databases().get(name).orElseThrow();
            for (int i = 0; i < queries; i++) {
                try (Connection connection = database.dataSource().getConnection();
                     Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT " + i)) {
                    rows.next();
                }
            }
        }
    }

    /** Every cache, pool and database bean of the fleet. */
    List<ObjectName> beans() {
        List<ObjectName> names = new ArrayList<>();
        for (String type : new String[] {"Cache", "ConnectionPool", "Database"}) {
            names.addAll(trimtab.context().registrar().server()
                    .queryNames(ObjectNames.allOfType(trimtab.jmxDomain(), type), null));
        }
        names.sort(Comparator.comparing(ObjectName::getCanonicalName));
        return names;
    }

    @Override
    public void close() {
        trimtab.close();
        deleteTree(dataDir);
    }

    /** Deletes a directory and everything in it. */
    static void deleteTree(Path dataDir) {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
