package io.trimtab.mbeans.sqlite.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the parser finds in statements, SQLite's dialect included. */
class StatementShapesTest {

    private static final Map<String, Set<String>> SCHEMA = Map.of(
            "users", Set.of("id", "email", "country", "created", "name", "deleted"),
            "orders", Set.of("id", "user_id", "status", "total", "placed"),
            "items", Set.of("id", "order_id", "sku", "qty"));

    private static StatementShape shape(String sql) {
        return StatementShapes.parse(sql, t -> SCHEMA.getOrDefault(t, Set.of())).orElseThrow(
                () -> new AssertionError("not parsed: " + sql));
    }

    private static TableUse only(StatementShape shape, String table) {
        List<TableUse> uses = shape.uses(table);
        assertEquals(1, uses.size(), shape.toString());
        return uses.get(0);
    }

    @Test
    void equalitiesRangesOrderAndCoveringColumnsOfOneTable() {
        TableUse users = only(shape("SELECT name FROM users WHERE country = ? AND created > ? ORDER BY created DESC"
                + " LIMIT ? OFFSET ?"), "users");
        assertEquals(List.of("country"), users.equalities());
        assertEquals(List.of("created"), users.ranges());
        assertEquals(List.of(new TableUse.Sorted("created", true)), users.orderBy());
        assertEquals(Set.of("name", "country", "created"), Set.copyOf(users.columns()));
        assertFalse(users.allColumns());
    }

    @Test
    void joinColumnsCountOnEachSideAndFiltersOnTheirOwnTable() {
        StatementShape shape = shape("SELECT u.name, o.total FROM orders o JOIN users u ON u.id = o.user_id"
                + " WHERE u.country = ? AND o.status = 'open'");
        TableUse users = only(shape, "users");
        TableUse orders = only(shape, "orders");
        assertEquals("u", users.alias());
        assertEquals(List.of("id"), users.joins());
        assertEquals(List.of("country"), users.equalities());
        assertEquals(List.of("user_id"), orders.joins());
        assertEquals(List.of("status"), orders.equalities());
    }

    @Test
    void anInSubqueryIsAnEqualityOuterAndItsOwnLevelInner() {
        StatementShape shape = shape("SELECT name FROM users WHERE id IN (SELECT user_id FROM orders WHERE total > ?)");
        assertEquals(List.of("id"), only(shape, "users").equalities());
        TableUse orders = only(shape, "orders");
        assertEquals(List.of("total"), orders.ranges());
        assertEquals(List.of(), orders.equalities());
    }

    @Test
    void anOrIsKeptAsBranchesNotReadAsAnAnd() {
        TableUse users = only(shape("SELECT id FROM users WHERE (email = ? OR name = ?) AND deleted IS NULL"), "users");
        assertEquals(List.of("deleted"), users.equalities());
        assertEquals(List.of(new TableUse.Branch(List.of("email"), List.of()),
                new TableUse.Branch(List.of("name"), List.of())), users.orBranches());
    }

    @Test
    void ctesDerivedTablesAndGroupBy() {
        StatementShape shape = shape("WITH big AS (SELECT user_id, sum(total) AS spent FROM orders WHERE status = ?"
                + " GROUP BY user_id) SELECT u.email FROM big JOIN users u ON u.id = big.user_id"
                + " JOIN (SELECT order_id FROM items WHERE sku = ?) i ON 1 = 1");
        TableUse orders = only(shape, "orders");
        assertEquals(List.of("user_id"), orders.groupBy());
        assertEquals(List.of("status"), orders.equalities());
        assertEquals(List.of("sku"), only(shape, "items").equalities());
        assertEquals(1, shape.uses("users").size());
        assertTrue(shape.uses("big").isEmpty(), "a CTE is no table");
    }

    @Test
    void aSelfJoinHasTwoReferences() {
        StatementShape shape = shape("SELECT a.id FROM users a JOIN users b ON a.email = b.email WHERE b.id = ?");
        List<TableUse> users = shape.uses("users");
        assertEquals(2, users.size());
        assertEquals(List.of("email"), users.get(0).joins());
        assertEquals(List.of("id"), users.get(1).equalities());
    }

    @Test
    void sqliteDialectConflictClausesIsNullCollateAndLimitOffset() {
        assertEquals("insert", shape("INSERT OR REPLACE INTO users (id, email) VALUES (?, ?)").kind());
        assertEquals("insert", shape("REPLACE INTO users (id, email) VALUES (?, ?)").kind());
        assertEquals(List.of("id"), only(shape("UPDATE OR IGNORE users SET name = ? WHERE id = ?"), "users").equalities());
        TableUse users = only(shape("SELECT id FROM users WHERE email = ? COLLATE NOCASE AND deleted IS NULL"
                + " ORDER BY created DESC LIMIT ? OFFSET ?"), "users");
        assertEquals(List.of("email", "deleted"), users.equalities());
        assertEquals(Map.of("email", "nocase"), users.collations());
        assertEquals(List.of(new TableUse.Sorted("created", true)), users.orderBy());
        assertEquals(List.of("created"), only(shape("SELECT id FROM users WHERE created NOT NULL LIMIT ?, ?"), "users")
                .ranges());
        assertEquals(List.of("deleted"), only(shape("SELECT id FROM users WHERE deleted NOTNULL"), "users").ranges());
    }

    @Test
    void sqliteOperatorsAndQuotingReadAsWhatTheyAskOfAnIndex() {
        TableUse users = only(shape("SELECT [id] FROM users INDEXED BY users_email WHERE [email] == ? AND name IS ?"
                + " AND country IS NOT ? AND created GLOB ?"), "users");
        assertEquals(List.of("email", "name"), users.equalities(), "IS a value is an equality, IS NOT is none");
        assertEquals(List.of("created"), users.ranges());
        assertEquals(List.of("country", "name"), only(shape("SELECT id FROM users NOT INDEXED WHERE (country, name)"
                + " = (?, ?)"), "users").equalities());
        assertEquals(Map.of("name", "nocase"), only(shape("SELECT id FROM users ORDER BY name COLLATE NOCASE"), "users")
                .collations());
        assertEquals(Map.of("email", "nocase"), only(shape("SELECT id FROM users WHERE email = ? COLLATE \"NOCASE\""),
                "users").collations());
    }

    @Test
    void theRewriteLeavesLiteralsQuotedNamesAndCommentsAlone() {
        String sql = "SELECT 'a == b IS c', \"x is y\" FROM t /* NOT INDEXED */ WHERE a IS NOT NULL -- glob";
        assertEquals(sql, SqliteDialect.forParser(sql));
        assertEquals("INSERT INTO t VALUES ('OR REPLACE')", SqliteDialect.forParser("INSERT OR REPLACE INTO t VALUES"
                + " ('OR REPLACE')"));
    }

    @Test
    void whatDoesNotParseHasNoShape() {
        assertEquals(Optional.empty(), StatementShapes.parse("SELEC name FROM users", t -> SCHEMA.get(t)));
        assertEquals(Optional.empty(), StatementShapes.parse("PRAGMA table_info(users)", t -> Set.of()));
    }
}
