package io.trimtab.examples.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.trimtab.mbeans.sqlite.ManagedDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** What the fault tests share: a table of ids, writes through the managed database, a look with plain sqlite-jdbc. */
final class Faults {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Faults() {
    }

    static void createTable(ManagedDatabase database) throws SQLException {
        database.inWriteTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeUpdate("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, note TEXT)");
            }
        });
    }

    static void insert(ManagedDatabase database, long id) throws SQLException {
        database.inWriteTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO items (id, note) VALUES (?, ?)")) {
                insert.setLong(1, id);
                insert.setString(2, "item " + id);
                return insert.executeUpdate();
            }
        });
    }

    /** Opens the file with plain sqlite-jdbc, asserts {@code PRAGMA integrity_check} is ok and returns the ids. */
    static Set<Long> checkedIds(Path file) throws SQLException {
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = plain.createStatement()) {
            try (ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                check.next();
                assertEquals("ok", check.getString(1), "integrity of " + file);
            }
            Set<Long> ids = new HashSet<>();
            try (ResultSet rows = statement.executeQuery("SELECT id FROM items")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    /** Polls until the condition holds; fails naming {@code what} after {@link #PATIENCE}. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + PATIENCE.toSeconds() + " s in vain for " + what);
            }
            Thread.sleep(20);
        }
    }
}
