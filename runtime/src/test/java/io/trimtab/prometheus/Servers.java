package io.trimtab.prometheus;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.pool.ManagedPool;
import io.trimtab.mbeans.pool.PoolSpec;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/** The Prometheus tools the tests run (Debian's {@code prometheus} package), and a runtime with a bit of everything. */
final class Servers {

    private Servers() {
    }

    /** The program on the PATH or in /usr/bin; fails the test when it is not installed. */
    static Path program(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not installed: install Debian's prometheus package"
                        + " (.ci/run does)"));
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cache {@code x} with hits and misses, a pool {@code orders}, a database {@code shop} written to, sampled once. */
    static ManagedCache<String, String> populate(Trimtab trimtab, Path dataDir) throws SQLException {
        ManagedCache<String, String> cache = trimtab.caches().create("x", String.class, String.class,
                CacheSpec.builder().heapEntries(100).entryBounds(10, 1_000).build());
        cache.put("a", "1");
        cache.get("a");
        cache.get("b");
        ManagedPool pool = trimtab.pools().create("orders", PoolSpec.builder("jdbc:sqlite:" + dataDir.resolve("o.db"))
                .maxTotal(4).build());
        pool.getConnection().close();
        ManagedDatabase shop = trimtab.databases().open("shop", Path.of("shop.db"), Profile.SAFE_WAL);
        try (Connection c = shop.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
                for (int i = 0; i < 10; i++) {
                    insert.setString(1, "item" + i);
                    insert.executeUpdate();
                }
            }
        }
        trimtab.optimizer().sample();
        trimtab.optimizer().runCycle();
        return cache;
    }
}
