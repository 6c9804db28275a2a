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
    void whatDoesNotParseHasNoShape() {
        assertEquals(Optional.empty(), StatementShapes.parse("SELEC name FROM users", t -> SCHEMA.get(t)));
        assertEquals(Optional.empty(), StatementShapes.parse("PRAGMA table_info(users)", t -> Set.of()));
    }
}
