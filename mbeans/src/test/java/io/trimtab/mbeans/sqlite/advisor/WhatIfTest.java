package io.trimtab.mbeans.sqlite.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Statistics on a sample, and the workload's index set chosen on an empty copy of a real schema. */
class WhatIfTest {

    @TempDir
    Path dir;

    private Connection live;

    @BeforeEach
    void customersAndOrders() throws SQLException {
        live = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("live.db"));
        try (Statement s = live.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, name TEXT, country TEXT,"
                    + " active INTEGER)");
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, status TEXT, placed INTEGER,"
                    + " total REAL)");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                    + " INSERT INTO customers SELECT i, 'c' || i || '@example.org', 'name ' || i, 'country ' || (i % 40),"
                    + " 1 FROM n");
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)"
                    + " INSERT INTO orders SELECT i, 1 + i % 20000, 'status ' || (i % 5), i * 60, i % 1000 FROM n");
        }
    }

    @AfterEach
    void close() throws SQLException {
        live.close();
    }

    @Test
    void statisticsOnASampleKeepUniqueColumnsUniqueAndFewValuesFew() throws SQLException {
        Schema schema = Schema.read(live);
        CandidateIndex email = candidate("customers", 1, "email");
        CandidateIndex countryName = candidate("customers", 1, "country", "name");
        CandidateIndex customerStatus = candidate("orders", 2, "customer_id", "status");
        PlannerStatistics stats = PlannerStatistics.read(live, schema, List.of(email, countryName, customerStatus));
        assertEquals("20000 1", stats.of(email.name()).stat());
        assertEquals("20000 500 1", stats.of(countryName.name()).stat());
        String[] orders = stats.of(customerStatus.name()).stat().split(" ");
        assertEquals("100000", orders[0]);
        long perCustomer = Long.parseLong(orders[1]);
        assertTrue(perCustomer >= 4 && perCustomer <= 8, "about 5 orders a customer, estimated from a sample: " + perCustomer);
    }

    @Test
    void theWorkloadSetServesEachShapeAndAnIndexTwoStatementsUseCountsOnce() throws SQLException {
        List<IndexSelection.Statement> workload = List.of(
                statement("byEmail", "SELECT id, name FROM customers WHERE email = ?", 50, "c7@example.org"),
                statement("joined", "SELECT o.id, o.total FROM customers c JOIN orders o ON o.customer_id = c.id"
                        + " WHERE c.email = ?", 40, "c9@example.org"),
                statement("either", "SELECT id FROM customers WHERE email = ? OR name = ?", 30, "c1@example.org", "name 2"),
                statement("recent", "SELECT id, total FROM orders WHERE customer_id = ? ORDER BY placed DESC", 20, 77),
                statement("subquery", "SELECT name FROM customers WHERE id IN (SELECT customer_id FROM orders"
                        + " WHERE placed BETWEEN ? AND ?)", 10, 600, 6000));
        IndexSelection.Result result = choose(workload, Map.of("customers", 3, "orders", 3));
        Map<String, List<String>> served = new java.util.LinkedHashMap<>();
        result.chosen().forEach(c -> served.put(c.index().toString(),
                c.served().stream().map(IndexSelection.Statement::fingerprint).toList()));

        // Covering variants: each statement reads one or two columns besides those it constrains.
        assertEquals(List.of("byEmail", "joined", "either"), servedBy(result, "customers", "email"), served.toString());
        assertEquals(List.of("either"), servedBy(result, "customers", "name"), "one index per OR branch: " + served);
        assertEquals(List.of("joined", "recent"), served.get("orders(customer_id, placed, total)"),
                "the filtered side leads the join, and the inner side's index serves the ORDER BY too: " + served);
        assertEquals(List.of("subquery"), servedBy(result, "orders", "placed"), served.toString());
        assertEquals(4, result.chosen().size(), served.toString());
        for (IndexSelection.Statement statement : workload) {
            assertTrue(result.before().get(statement.fingerprint()).fullScans().size()
                    > result.after().get(statement.fingerprint()).fullScans().size()
                    || result.after().get(statement.fingerprint()).score() > result.before().get(statement.fingerprint()).score(),
                    statement.fingerprint() + ": " + result.before().get(statement.fingerprint()) + " -> "
                            + result.after().get(statement.fingerprint()));
        }
    }

    @Test
    void aTableTakesNoMoreNewIndexesThanItsSlotsAndAnUnhelpfulCandidateNone() throws SQLException {
        List<IndexSelection.Statement> workload = List.of(
                statement("byEmail", "SELECT id FROM customers WHERE email = ?", 50, "c7@example.org"),
                statement("byName", "SELECT id FROM customers WHERE name = ?", 40, "name 5"),
                statement("byActive", "SELECT * FROM customers WHERE active = ?", 30, 1));
        IndexSelection.Result result = choose(workload, Map.of("customers", 1));
        assertEquals(List.of("customers(email)"), result.chosen().stream().map(c -> c.index().toString()).toList());
        IndexSelection.Result free = choose(workload, Map.of("customers", 3));
        List<String> chosen = free.chosen().stream().map(c -> c.index().toString()).toList();
        assertEquals(List.of("customers(email)", "customers(name)"), chosen,
                "active = 1 matches every row: no index: " + chosen);
        assertFalse(free.after().get("byActive").toString().contains("trimtab_idx"), free.after().toString());
    }

    /** The statements served by the chosen index on {@code table} that leads with {@code column}. */
    private static List<String> servedBy(IndexSelection.Result result, String table, String column) {
        return result.chosen().stream().filter(c -> c.index().table().equals(table)
                        && c.index().columns().get(0).equals(column)).findFirst().orElseThrow()
                .served().stream().map(IndexSelection.Statement::fingerprint).toList();
    }

    private IndexSelection.Result choose(List<IndexSelection.Statement> workload, Map<String, Integer> slots)
            throws SQLException {
        Schema schema = Schema.read(live);
        List<Candidates.Use> uses = new ArrayList<>();
        workload.forEach(s -> s.shape().tables().forEach(u -> uses.add(new Candidates.Use(u, s.totalMillis()))));
        Collection<CandidateIndex> candidates = new LinkedHashSet<>(Candidates.forWorkload(uses, schema));
        candidates.removeIf(schema::covers);
        try (WhatIf whatIf = WhatIf.open(schema, PlannerStatistics.read(live, schema, candidates))) {
            assertEquals(0, whatIf.uncopied());
            return IndexSelection.choose(whatIf, workload, candidates, slots);
        }
    }

    private IndexSelection.Statement statement(String name, String sql, double millis, Object... parameters)
            throws SQLException {
        Schema schema = Schema.read(live);
        return new IndexSelection.Statement(name, sql, parameters, millis, 10,
                StatementShapes.parse(sql, schema::columnsOf).orElseThrow());
    }

    private static CandidateIndex candidate(String table, int equalities, String... columns) {
        return new CandidateIndex(table, Set.of(columns).size() == columns.length
                ? List.of(columns).stream().map(CandidateIndex.Key::of).toList() : List.of(), equalities);
    }
}
