package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.JournalEntry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The optimizer's journal in a SQLite file of its own (WAL, synchronous NORMAL), so that it survives restarts.
 * Retention is bounded by count and by age, applied by {@link #prune}. One connection, used under this
 * object's lock. A cycle's entries go in {@link #inOneTransaction one transaction}: a cycle that acts on a
 * hundred resources then costs one commit, not a hundred.
 */
public final class Journal implements AutoCloseable {

    private final Connection connection;
    private final PreparedStatement insert;
    private final int maxEntries;
    private final long maxAgeMillis;

    public Journal(Path file, int maxEntries, long maxAgeMillis) {
        this.maxEntries = maxEntries;
        this.maxAgeMillis = maxAgeMillis;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=NORMAL");
                statement.execute("PRAGMA busy_timeout=3000");
                statement.execute("CREATE TABLE IF NOT EXISTS journal (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " time INTEGER NOT NULL, kind TEXT NOT NULL, rule TEXT NOT NULL, target TEXT NOT NULL,"
                        + " before REAL, after REAL, signals TEXT NOT NULL, outcome TEXT NOT NULL)");
            }
            insert = connection.prepareStatement("INSERT INTO journal"
                    + " (time, kind, rule, target, before, after, signals, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the optimizer journal " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends an entry and returns it with its id and time. */
    public synchronized JournalEntry append(long timeMillis, String kind, String rule, String target, Double before,
                                            Double after, String signals, String outcome) {
        try {
            insert.setLong(1, timeMillis);
            insert.setString(2, kind);
            insert.setString(3, rule);
            insert.setString(4, target);
            setNullable(insert, 5, before);
            setNullable(insert, 6, after);
            insert.setString(7, signals);
            insert.setString(8, outcome);
            insert.executeUpdate();
            long id;
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            return new JournalEntry(id, Instant.ofEpochMilli(timeMillis).toString(), kind, rule, target, before, after,
                    signals, outcome);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the optimizer journal: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} with every entry appended meanwhile in one transaction, committed when it returns or throws.
     * Entries are readable on this journal at once, and durable at the commit. One caller at a time: the cycle.
     */
    public <T> T inOneTransaction(Supplier<T> work) {
        autoCommit(false);
        try {
            return work.get();
        } finally {
            autoCommit(true); // commits
        }
    }

    private synchronized void autoCommit(boolean on) {
        try {
            connection.setAutoCommit(on);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the optimizer journal: " + e.getMessage(), e);
        }
    }

    /** The newest {@code n} entries, oldest first. */
    public synchronized List<JournalEntry> latest(int n) {
        List<JournalEntry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, time, kind, rule, target, before, after,"
                + " signals, outcome FROM journal ORDER BY id DESC LIMIT ?")) {
            select.setInt(1, n);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new JournalEntry(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)).toString(),
                            rows.getString(3), rows.getString(4), rows.getString(5), nullable(rows, 6),
                            nullable(rows, 7), rows.getString(8), rows.getString(9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the optimizer journal: " + e.getMessage(), e);
        }
        Collections.reverse(entries);
        return entries;
    }

    /** Deletes entries older than the age limit and all but the newest {@code maxEntries}; returns how many went. */
    public synchronized int prune(long nowMillis) {
        try (PreparedStatement byAge = connection.prepareStatement("DELETE FROM journal WHERE time < ?");
             PreparedStatement byCount = connection.prepareStatement("DELETE FROM journal WHERE id <="
                     + " (SELECT id FROM journal ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            byAge.setLong(1, nowMillis - maxAgeMillis);
            byCount.setInt(1, maxEntries);
            return byAge.executeUpdate() + byCount.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prune the optimizer journal: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        insert.close();
        connection.close();
    }

    private static void setNullable(PreparedStatement statement, int index, Double value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.REAL);
        } else {
            statement.setDouble(index, value);
        }
    }

    private static Double nullable(ResultSet rows, int index) throws SQLException {
        double value = rows.getDouble(index);
        return rows.wasNull() ? null : value;
    }
}
