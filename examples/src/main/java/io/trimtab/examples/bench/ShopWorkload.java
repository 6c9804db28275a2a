package io.trimtab.examples.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A shop of four tables, customers and products of 20,000 rows, orders and items of 200,000, and fourteen query
 * shapes over them: point lookups, multi-column equality, ORDER BY with LIMIT, ranges, IN lists, joins filtered on
 * either side, an IN subquery, OR, GROUP BY. No table has an index but its rowid: what an index advisor is for.
 */
final class ShopWorkload {

    /** One query shape, with sample parameters. */
    record Query(String shape, String sql, Object... parameters) {

        /** The query with its parameters written in as literals, for the sqlite3 shell. */
        String literal() {
            StringBuilder literal = new StringBuilder();
            int next = 0;
            for (char ch : sql.toCharArray()) {
                if (ch == '?') {
                    Object value = parameters[next++];
                    literal.append(value instanceof String text ? "'" + text.replace("'", "''") + "'" : value);
                } else {
                    literal.append(ch);
                }
            }
            return literal.toString();
        }

        /** Prepares the query with its parameters bound. */
        PreparedStatement prepare(Connection c) throws SQLException {
            PreparedStatement statement = c.prepareStatement(sql);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        }

        /** Runs the query once, every row stepped; returns the rows. */
        int run(Connection c) throws SQLException {
            try (PreparedStatement statement = prepare(c)) {
                return run(statement);
            }
        }

        /** Runs the prepared query once more, every row stepped; returns the rows. */
        static int run(PreparedStatement statement) throws SQLException {
            int rows = 0;
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                    rows++;
                }
            }
            return rows;
        }
    }

    static final List<Query> QUERIES = List.of(
            new Query("point lookup", "SELECT id, name FROM customers WHERE email = ?", "c1234@example.org"),
            new Query("multi-column equality", "SELECT id, total FROM orders WHERE customer_id = ? AND status = ?",
                    77, "shipped"),
            new Query("ORDER BY with LIMIT", "SELECT id, total FROM orders ORDER BY placed DESC LIMIT 10"),
            new Query("range", "SELECT id, total FROM orders WHERE placed BETWEEN ? AND ?", 600_000, 606_000),
            new Query("IN list", "SELECT id, price FROM products WHERE sku IN (?, ?, ?)", "sku-17", "sku-99", "sku-512"),
            new Query("join filtered on one side", "SELECT o.id, o.total FROM customers c JOIN orders o"
                    + " ON o.customer_id = c.id WHERE c.email = ?", "c77@example.org"),
            new Query("IN subquery", "SELECT name FROM products WHERE id IN (SELECT product_id FROM items"
                    + " WHERE order_id = ?)", 4242),
            new Query("OR", "SELECT id FROM customers WHERE email = ? OR name = ?", "c5@example.org", "name 6"),
            new Query("GROUP BY", "SELECT category, count(*) FROM products GROUP BY category"),
            new Query("equality, ORDER BY, LIMIT, OFFSET", "SELECT id, name FROM customers WHERE country = ?"
                    + " ORDER BY created LIMIT ? OFFSET ?", "country 7", 10, 20),
            new Query("equality and range", "SELECT id FROM items WHERE product_id = ? AND qty > ?", 55, 8),
            new Query("equality and ORDER BY", "SELECT id, placed FROM orders WHERE customer_id = ?"
                    + " ORDER BY placed DESC", 91),
            new Query("join filtered on the inner side", "SELECT i.qty, p.sku FROM items i JOIN products p"
                    + " ON p.id = i.product_id WHERE i.order_id = ?", 777),
            new Query("equality and range, few rows", "SELECT id, price FROM products WHERE category = ?"
                    + " AND price < ?", "category 3", 12.0));

    private ShopWorkload() {
    }

    /** Creates and fills the four tables, in one transaction, with {@code 1 / divisor} of their rows. */
    static void create(Connection c, int divisor) throws SQLException {
        int small = 20_000 / divisor;
        int large = 200_000 / divisor;
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, name TEXT, country TEXT,"
                    + " created INTEGER)");
            s.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT, name TEXT, category TEXT, price REAL)");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, status TEXT, placed INTEGER,"
                    + " total REAL)");
            s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, order_id INTEGER, product_id INTEGER, qty INTEGER)");
            s.execute(rows(small) + " INSERT INTO customers SELECT i, 'c' || i || '@example.org', 'name ' || i,"
                    + " 'country ' || (i % 50), (i * 7919) % 100000 FROM n");
            s.execute(rows(small) + " INSERT INTO products SELECT i, 'sku-' || i, 'product ' || i,"
                    + " 'category ' || (i % 100), (i * 31 % 1000) / 10.0 FROM n");
            s.execute(rows(large) + " INSERT INTO orders SELECT i, 1 + (i * 13) % " + small + ", CASE i % 4 WHEN 0 THEN"
                    + " 'open' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE 'returned' END, i * 60,"
                    + " (i % 500) + 0.5 FROM n");
            s.execute(rows(large) + " INSERT INTO items SELECT i, 1 + i / 2, 1 + (i * 7) % " + small + ", 1 + i % 10"
                    + " FROM n");
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static String rows(int count) {
        return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + count + ")";
    }
}
