package io.trimtab.examples.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The demo's table of users in SQLite, read through a connection pool. */
final class UserStore {

    static final int USERS = 20_000;
    private static final String[] CITIES = {"Lisbon", "Oslo", "Kyoto", "Lima", "Accra", "Perth", "Quito", "Riga"};

    private final DataSource dataSource;

    UserStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates and fills the table on first start; later starts find it filled. */
    void initialize() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS users ("
                    + "id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, city TEXT NOT NULL)");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM users")) {
                rows.next();
                if (rows.getInt(1) >= USERS) {
                    return;
                }
            }
            connection.setAutoCommit(false);
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
            connection.commit();
        }
    }

    Optional<String> userJson(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, name, email, city FROM users WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(json(row)) : Optional.empty();
            }
        }
    }

    /** A query on a column without an index: the kind of statement an index advisor should find. */
    List<Long> idsInCity(String city, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id FROM users WHERE city = ? LIMIT ?")) {
            select.setString(1, city);
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

    static String city(int i) {
        return CITIES[Math.floorMod(i, CITIES.length)];
    }

    private static String json(ResultSet row) throws SQLException {
        return "{\"id\":" + row.getLong(1) + ",\"name\":\"" + row.getString(2) + "\",\"email\":\""
                + row.getString(3) + "\",\"city\":\"" + row.getString(4) + "\"}";
    }
}
