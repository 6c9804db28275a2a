package io.trimtab.mbeans.sqlite.advisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One reference to a table in a statement (a self-join has two) and what the statement asks of it: the columns
 * it constrains by equality (=, IN, IS NULL) and by range (&lt;, &gt;, BETWEEN, LIKE, IS NOT NULL), the columns it
 * is joined on, each OR's branches, its ORDER BY and GROUP BY, and every column the statement reads from it.
 * Column names are lower case.
 */
public final class TableUse {

    /** One column of an ORDER BY. */
    public record Sorted(String column, boolean descending) {
    }

    /** The indexable terms of one branch of an OR, for this table. */
    public record Branch(List<String> equalities, List<String> ranges) {
    }

    private final String table;
    private final String alias;
    final Set<String> equalities = new LinkedHashSet<>();
    final Set<String> ranges = new LinkedHashSet<>();
    final Set<String> joins = new LinkedHashSet<>();
    final List<Branch> orBranches = new ArrayList<>();
    final List<Sorted> orderBy = new ArrayList<>();
    final List<String> groupBy = new ArrayList<>();
    final Set<String> columns = new LinkedHashSet<>();
    final Map<String, String> collations = new LinkedHashMap<>();
    boolean allColumns;

    TableUse(String table, String alias) {
        this.table = table.toLowerCase(Locale.ROOT);
        this.alias = alias == null ? null : alias.toLowerCase(Locale.ROOT);
    }

    public String table() {
        return table;
    }

    /** The alias it is referenced by, or null. */
    public String alias() {
        return alias;
    }

    public List<String> equalities() {
        return List.copyOf(equalities);
    }

    public List<String> ranges() {
        return List.copyOf(ranges);
    }

    /** The columns this table is joined on (on either side of the join). */
    public List<String> joins() {
        return List.copyOf(joins);
    }

    public List<Branch> orBranches() {
        return List.copyOf(orBranches);
    }

    /** The statement's ORDER BY when every term of it is a column of this table; else empty. */
    public List<Sorted> orderBy() {
        return List.copyOf(orderBy);
    }

    /** The statement's GROUP BY when every term of it is a column of this table; else empty. */
    public List<String> groupBy() {
        return List.copyOf(groupBy);
    }

    /** Every column of this table the statement reads; see {@link #allColumns()}. */
    public List<String> columns() {
        return List.copyOf(columns);
    }

    /** The explicit collation (lower case) a term or the ORDER BY gives a column, by column; most have none. */
    public Map<String, String> collations() {
        return Map.copyOf(collations);
    }

    /** Whether the statement reads all its columns ({@code *}), so no index covers it. */
    public boolean allColumns() {
        return allColumns;
    }

    boolean answersTo(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return alias != null ? alias.equals(lower) : table.equals(lower);
    }

    @Override
    public String toString() {
        return table + (alias == null ? "" : " " + alias) + " eq" + equalities + " range" + ranges + " join" + joins
                + " or" + orBranches + (collations.isEmpty() ? "" : " collate" + collations) + " order" + orderBy + " group" + groupBy + " reads"
                + (allColumns ? "[*]" : columns);
    }
}
