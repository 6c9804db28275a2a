package io.trimtab.testing;

import io.trimtab.mbeans.sqlite.ManagedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** An {@code orders} table in a managed database, for tests that need rows, free pages or a query to plan. */
public final class Orders {

    private Orders() {
    }

    public static void createTable(ManagedDatabase db) throws SQLException {
        db.inWriteTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, note BLOB)");
            }
            return null;
        });
    }

    /** Rows {@code from} to {@code from + count - 1}, spread over {@code customers}, each with a note of that size. */
    public static void insert(ManagedDatabase db, int from, int count, int customers, int noteBytes) throws SQLException {
        db.inWriteTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders (id, customer, note) VALUES (?, ?, ?)")) {
                for (int id = from; id < from + count; id++) {
                    insert.setInt(1, id);
                    insert.setInt(2, id % customers);
                    insert.setBytes(3, new byte[noteBytes]);
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /** A query on the unindexed {@code customer} column, through the measured data source. */
    public static long countByCustomer(ManagedDatabase db, int customer) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement query = c.prepareStatement("SELECT count(*) FROM orders WHERE customer = ?")) {
            query.setInt(1, customer);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
