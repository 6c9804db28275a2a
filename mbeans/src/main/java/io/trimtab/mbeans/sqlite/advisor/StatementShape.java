package io.trimtab.mbeans.sqlite.advisor;

import java.util.List;

/**
 * What a parsed statement asks of its tables, every table reference in it (subqueries and CTEs included).
 *
 * @param kind   {@code select}, {@code insert}, {@code update} or {@code delete}
 * @param tables every reference to a real table, in the order met
 */
public record StatementShape(String kind, List<TableUse> tables) {

    public boolean isQuery() {
        return kind.equals("select");
    }

    /** The references to {@code table} (lower case). */
    public List<TableUse> uses(String table) {
        return tables.stream().filter(t -> t.table().equals(table)).toList();
    }
}
