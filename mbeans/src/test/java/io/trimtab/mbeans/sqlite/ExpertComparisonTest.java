package io.trimtab.mbeans.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.sqlite.advisor.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trimtab's index advice for a whole workload against SQLite's own advisor, the sqlite3 shell's {@code .expert},
 * asked one query at a time: four tables of 20k to 200k rows, fourteen query shapes.
 */
class ExpertComparisonTest {

    private static final Path SHELL = Path.of("/usr/bin/sqlite3");
    private static final Pattern EXPERT_INDEX = Pattern.compile("^CREATE INDEX \\S+ ON (\\w+)\\((.*)\\);$");
    private static final List<String> LARGE_TABLES = List.of("customers", "orders", "items", "products");

    private record Query(String shape, String sql, Object... parameters) {
    }

    private static final List<Query> WORKLOAD = List.of(
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
            new Query("equality, ORDER BY, LIMIT and OFFSET", "SELECT id, name FROM customers WHERE country = ?"
                    + " ORDER BY created LIMIT ? OFFSET ?", "country 7", 10, 20),
            new Query("equality and range", "SELECT id FROM items WHERE product_id = ? AND qty > ?", 55, 8),
            new Query("equality and ORDER BY", "SELECT id, placed FROM orders WHERE customer_id = ? ORDER BY placed DESC",
                    91),
            new Query("join filtered on the inner side", "SELECT i.qty, p.sku FROM items i JOIN products p"
                    + " ON p.id = i.product_id WHERE i.order_id = ?", 777),
            new Query("equality and range, few rows", "SELECT id, price FROM products WHERE category = ? AND price < ?",
                    "category 3", 12.0));

    @TempDir
    Path dataDir;

    private Databases databases;
    private ManagedDatabase db;

    @BeforeEach
    void fourTables() throws SQLException {
        databases = new Databases(SqliteTesting.context(dataDir), DatabaseDefaults.STANDARD);
        db = databases.open("shop", Path.of("shop.db"), Profile.SAFE_WAL);
        db.inWriteTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, name TEXT, country TEXT,"
                        + " created INTEGER)");
                s.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT, name TEXT, category TEXT,"
                        + " price REAL)");
                s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, status TEXT,"
                        + " placed INTEGER, total REAL)");
                s.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, order_id INTEGER, product_id INTEGER,"
                        + " qty INTEGER)");
                s.execute(rows(20_000) + " INSERT INTO customers SELECT i, 'c' || i || '@example.org', 'name ' || i,"
                        + " 'country ' || (i % 50), (i * 7919) % 100000 FROM n");
                s.execute(rows(20_000) + " INSERT INTO products SELECT i, 'sku-' || i, 'product ' || i, 'category ' || (i % 100),"
                        + " (i * 31 % 1000) / 10.0 FROM n");
                s.execute(rows(200_000) + " INSERT INTO orders SELECT i, 1 + (i * 13) % 20000, CASE i % 4 WHEN 0"
                        + " THEN 'open' WHEN 1 THEN 'paid' WHEN 2 THEN 'shipped' ELSE 'returned' END, i * 60,"
                        + " (i % 500) + 0.5 FROM n");
                s.execute(rows(200_000) + " INSERT INTO items SELECT i, 1 + i / 2, 1 + (i * 7) % 20000, 1 + i % 10"
                        + " FROM n");
            }
            return null;
        });
    }

    private static String rows(int count) {
        return "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + count + ")";
    }

    @AfterEach
    void close() {
        databases.close();
    }

    @Test
    void theWorkloadSetCoversWhatExpertRecommendsAndSearchesWhereExpertDoes() throws Exception {
        assertTrue(Files.isExecutable(SHELL), SHELL + " is needed for .expert (Debian package sqlite3)");
        for (int run = 0; run < 3; run++) {
            for (Query query : WORKLOAD) {
                execute(query);
            }
        }
        List<IndexSuggestion> suggestions = db.management().indexSuggestions();
        IndexAdvice advice = db.management().getLastIndexAdvice();
        assertEquals(WORKLOAD.size(), advice.statements(), advice.toString());
        List<List<String>> trimtab = new ArrayList<>();
        suggestions.forEach(s -> trimtab.add(indexKey(s.table(), s.columns())));

        int agreed = 0;
        StringBuilder report = new StringBuilder();
        List<String[]> expertOutputs = new ArrayList<>();
        for (Query query : WORKLOAD) {
            String[] expert = expert(literal(query));
            expertOutputs.add(expert);
            List<List<String>> recommended = expertIndexes(expert[0]);
            boolean covered = recommended.stream().allMatch(e -> trimtab.stream().anyMatch(t -> covers(t, e)));
            agreed += covered ? 1 : 0;
            report.append(String.format(Locale.ROOT, "%n  %-5s %-40s .expert %s", covered ? "agree" : "DIFF",
                    query.shape(), recommended));
        }
        report.append(String.format(Locale.ROOT, "%n  Trimtab's set: %s (%s)", trimtab, advice.detail()));
        assertTrue(agreed >= 13, "Trimtab's workload set covers .expert's recommendation for " + agreed + " of "
                + WORKLOAD.size() + " queries, needs 13:" + report);

        for (IndexSuggestion suggestion : suggestions) {
            SqliteTesting.execute(db.dataSource(), suggestion.createSql());
        }
        SqliteTesting.execute(db.dataSource(), "ANALYZE");
        StringBuilder plans = new StringBuilder();
        List<String> worse = new ArrayList<>();
        for (int i = 0; i < WORKLOAD.size(); i++) {
            Query query = WORKLOAD.get(i);
            Plan expertPlan = new Plan(List.of(expertOutputs.get(i)[1].split("\n")));
            Plan ours;
            try (Connection c = db.dataSource().getConnection()) {
                ours = Plan.of(c, query.sql(), query.parameters());
            }
            Set<String> scanned = new HashSet<>(ours.fullScans());
            scanned.removeAll(expertPlan.fullScans());
            scanned.retainAll(largeTableNames(query.sql()));
            if (!scanned.isEmpty()) {
                worse.add(query.shape() + " scans " + scanned);
            }
            plans.append(String.format(Locale.ROOT, "%n  %-40s Trimtab: %s | .expert: %s", query.shape(), ours, expertPlan));
        }
        assertEquals(List.of(), worse, "with Trimtab's set applied, no query scans a large table .expert's plan"
                + " searches:" + plans);
        System.out.println("ExpertComparisonTest: " + agreed + " of " + WORKLOAD.size() + " agree" + report + plans);
    }

    private void execute(Query query) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement statement = c.prepareStatement(query.sql())) {
            for (int i = 0; i < query.parameters().length; i++) {
                statement.setObject(i + 1, query.parameters()[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rs.getObject(1);
                }
            }
        }
    }

    /** The names and aliases under which the query reads a large table, as its plan shows them. */
    private static Set<String> largeTableNames(String sql) {
        Set<String> names = new HashSet<>();
        for (String table : LARGE_TABLES) {
            Matcher reference = Pattern.compile("\\b" + table + "(?: (?!WHERE|JOIN|ON|ORDER|GROUP)(\\w+))?\\b").matcher(sql);
            while (reference.find()) {
                names.add(reference.group(1) != null ? reference.group(1) : table);
            }
        }
        return names;
    }

    /** .expert's recommendation for one statement, and its plan with them. */
    private String[] expert(String sql) throws IOException, InterruptedException {
        Process shell = new ProcessBuilder(SHELL.toString(), dataDir.resolve("shop.db").toString())
                .redirectErrorStream(true).start();
        shell.getOutputStream().write((".expert\n" + sql + ";\n").getBytes(StandardCharsets.UTF_8));
        shell.getOutputStream().close();
        String output = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shell.waitFor(60, TimeUnit.SECONDS) && shell.exitValue() == 0, sql + ": " + output);
        String[] parts = output.strip().split("\n\n", 2);
        assertEquals(2, parts.length, ".expert's answer to " + sql + ": " + output);
        return new String[] {parts[0], parts[1].strip()};
    }

    private static List<List<String>> expertIndexes(String recommendation) {
        List<List<String>> indexes = new ArrayList<>();
        for (String line : recommendation.split("\n")) {
            Matcher index = EXPERT_INDEX.matcher(line.strip());
            if (index.matches()) {
                List<String> columns = new ArrayList<>();
                for (String column : index.group(2).split(",")) {
                    columns.add(column.strip().split("\\s+")[0].toLowerCase(Locale.ROOT));
                }
                indexes.add(indexKey(index.group(1).toLowerCase(Locale.ROOT), columns));
            }
        }
        return indexes;
    }

    private static List<String> indexKey(String table, List<String> columns) {
        List<String> key = new ArrayList<>();
        key.add(table);
        key.addAll(columns);
        return key;
    }

    /**
     * Whether Trimtab's index serves what .expert's does: same table, its leading columns the same set as
     * .expert's whole list (equality columns may come in any order), ending on the same column.
     */
    private static boolean covers(List<String> trimtab, List<String> expert) {
        if (trimtab.size() < expert.size() || !trimtab.get(0).equals(expert.get(0))) {
            return false;
        }
        List<String> leading = trimtab.subList(1, expert.size());
        return Set.copyOf(leading).equals(Set.copyOf(expert.subList(1, expert.size())))
                && leading.get(leading.size() - 1).equals(expert.get(expert.size() - 1));
    }

    private static String literal(Query query) {
        StringBuilder sql = new StringBuilder();
        int next = 0;
        for (char ch : query.sql().toCharArray()) {
            if (ch == '?') {
                Object value = query.parameters()[next++];
                sql.append(value instanceof String text ? "'" + text.replace("'", "''") + "'" : value.toString());
            } else {
                sql.append(ch);
            }
        }
        return sql.toString();
    }
}
