package io.trimtab.examples.demo;

import io.trimtab.mbeans.sqlite.ManagedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The demo's users and their visits in a managed SQLite database. */
final class UserStore {

    static final int USERS = 20_000;
    private static final String[] CITIES = {"Lisbon", "Oslo", "Kyoto", "Lima", "Accra", "Perth", "Quito", "Riga"};

    private final ManagedDatabase database;

    UserStore(ManagedDatabase database) {
        this.database = database;
    }

    /** Creates and fills the tables on first start; later starts find them filled. */
    void initialize() throws SQLException {
        database.inWriteTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("CREATE TABLE IF NOT EXISTS users ("
                        + "id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, city TEXT NOT NULL)");
                statement.executeUpdate("CREATE TABLE IF NOT EXISTS visits (user_id INTEGER NOT NULL, at INTEGER NOT NULL)");
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM users")) {
                    rows.next();
                    if (rows.getInt(1) >= USERS) {
                        return null;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR IGNORE INTO users (id, name, email, city) VALUES (?, ?, ?, ?)")) {
                for (int id = 1; id <= USERS; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "user " + id);
                    insert.setString(3, "user" + id + "@example.org");
                    insert.setString(4, CITIES[id % CITIES.length]);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    /** The user as JSON, or {@code null} if there is none; a database failure is unchecked, for cache loaders. */
    String userJsonOrNull(long id) {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, name, email, city FROM users WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? json(row) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading user " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** A write of the kind a real service makes: one small transaction, retried by Trimtab if the database is busy. */
    void recordVisit(long userId, long atMillis) throws SQLException {
        database.inWriteTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO visits (user_id, at) VALUES (?, ?)")) {
                insert.setLong(1, userId);
                insert.setLong(2, atMillis);
                return insert.executeUpdate();
            }
        });
    }

    /** A query on columns without an index: what the index advisor should find. */
    List<Long> recentVisitors(long sinceMillis, int limit) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT user_id FROM visits WHERE at > ? ORDER BY at DESC LIMIT ?")) {
            select.setLong(1, sinceMillis);
            select.setInt(2, limit);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    private static String json(ResultSet row) throws SQLException {
        return "{\"id\":" + row.getLong(1) + ",\"name\":\"" + row.getString(2) + "\",\"email\":\""
                + row.getString(3) + "\",\"city\":\"" + row.getString(4) + "\"}";
    }
}
