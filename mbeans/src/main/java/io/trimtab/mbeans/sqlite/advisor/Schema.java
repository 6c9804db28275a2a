package io.trimtab.mbeans.sqlite.advisor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The schema of a database as the advisor needs it: the {@code CREATE} statements of its tables, indexes and
 * views (to copy into a scratch database), each ordinary table's columns, and each index's keys. Virtual tables
 * take no index, so they are copied but have no columns here.
 *
 * @param ddl     every {@code CREATE TABLE}, {@code CREATE INDEX} and {@code CREATE VIEW}, in schema order
 * @param columns the columns (lower case) of each ordinary table (lower case)
 * @param indexes the indexes on each table: the rowid alias, the automatic indexes of UNIQUE and PRIMARY KEY
 *                constraints, and those created; partial indexes are left out, as they serve only some rows
 */
public record Schema(List<String> ddl, Map<String, Set<String>> columns, Map<String, List<Index>> indexes) {

    /**
     * One index: its name (the table's name for a rowid alias), its keys, and whether it enforces uniqueness
     * (then it is needed even if no plan reads it).
     */
    public record Index(String name, List<CandidateIndex.Key> keys, boolean unique) {
    }

    /** The columns of {@code table}, empty if it is no ordinary table. */
    public Set<String> columnsOf(String table) {
        return columns.getOrDefault(table, Set.of());
    }

    public List<Index> indexesOn(String table) {
        return indexes.getOrDefault(table, List.of());
    }

    /** The table's INTEGER PRIMARY KEY column, which is its rowid, or null. */
    public String rowidAlias(String table) {
        return indexesOn(table).stream().filter(index -> index.name().equals(table)).findFirst()
                .map(index -> index.keys().get(0).column()).orElse(null);
    }

    /** Whether an index already on the table serves whatever {@code candidate} would. */
    public boolean covers(CandidateIndex candidate) {
        return indexesOn(candidate.table()).stream().anyMatch(index -> candidate.coveredBy(index.keys()));
    }

    /** The indexes none of {@code plans} uses, as {@code index on table}; those enforcing uniqueness are needed anyway. */
    public List<String> unusedBy(Collection<Plan> plans) {
        Set<String> used = new HashSet<>();
        plans.forEach(plan -> used.addAll(plan.indexes()));
        List<String> unused = new ArrayList<>();
        indexes.forEach((table, onTable) -> onTable.stream()
                .filter(index -> !index.unique() && !used.contains(index.name().toLowerCase(Locale.ROOT)))
                .forEach(index -> unused.add(index.name() + " on " + table)));
        return unused;
    }

    public static Schema read(Connection c) throws SQLException {
        List<String> ddl = new ArrayList<>();
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        Map<String, List<Index>> indexes = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT type, name, sql FROM sqlite_schema"
                + " WHERE sql IS NOT NULL AND type IN ('table', 'index', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
                + " ORDER BY rowid")) {
            while (rs.next()) {
                ddl.add(rs.getString("sql"));
                String sql = rs.getString("sql").stripLeading().toLowerCase(Locale.ROOT);
                if (rs.getString("type").equals("table") && !sql.startsWith("create virtual")) {
                    tables.add(rs.getString("name"));
                }
            }
        }
        for (String table : tables) {
            String key = table.toLowerCase(Locale.ROOT);
            columns.put(key, tableColumns(c, table, indexes.computeIfAbsent(key, k -> new ArrayList<>())));
            indexes.get(key).addAll(tableIndexes(c, table));
        }
        return new Schema(List.copyOf(ddl), columns, indexes);
    }

    private static Set<String> tableColumns(Connection c, String table, List<Index> indexes) throws SQLException {
        Set<String> names = new LinkedHashSet<>();
        List<String> primaryKey = new ArrayList<>();
        String pkType = "";
        try (PreparedStatement info = c.prepareStatement("SELECT name, type, pk FROM pragma_table_info(?)")) {
            info.setString(1, table);
            try (ResultSet rs = info.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString("name").toLowerCase(Locale.ROOT);
                    names.add(name);
                    if (rs.getInt("pk") > 0) {
                        primaryKey.add(name);
                        pkType = rs.getString("type");
                    }
                }
            }
        }
        if (primaryKey.size() == 1 && pkType.equalsIgnoreCase("integer")) {
            indexes.add(new Index(table.toLowerCase(Locale.ROOT), List.of(CandidateIndex.Key.of(primaryKey.get(0))), true));
        }
        return names;
    }

    private static List<Index> tableIndexes(Connection c, String table) throws SQLException {
        Map<String, Boolean> names = new LinkedHashMap<>();
        try (PreparedStatement list = c.prepareStatement(
                "SELECT name, \"unique\" FROM pragma_index_list(?) WHERE partial = 0")) {
            list.setString(1, table);
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getInt(2) == 1);
                }
            }
        }
        List<Index> found = new ArrayList<>();
        for (String name : names.keySet()) {
            List<CandidateIndex.Key> keys = new ArrayList<>();
            try (PreparedStatement info = c.prepareStatement(
                    "SELECT name, \"desc\", coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno")) {
                info.setString(1, name);
                try (ResultSet rs = info.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString("name") == null) {
                            break; // an expression: the keys after it serve no column term
                        }
                        String collation = rs.getString("coll").toLowerCase(Locale.ROOT);
                        keys.add(new CandidateIndex.Key(rs.getString("name").toLowerCase(Locale.ROOT),
                                collation.equals("binary") ? null : collation, rs.getInt("desc") == 1));
                    }
                }
            }
            if (!keys.isEmpty()) {
                found.add(new Index(name, List.copyOf(keys), names.get(name)));
            }
        }
        return found;
    }
}
