package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.IndexSuggestion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the index suggestions and their outcomes in a table of the database file they are about,
 * {@value #TABLE}, so they survive a restart and travel with the file and its indexes. A suggestion is written
 * {@code applying} before its index is created: if the process dies while proving it, the next start finds the
 * unproved index and drops it.
 */
final class SuggestionStore {

    static final String TABLE = "trimtab_index_suggestions";
    private static final Logger LOG = LoggerFactory.getLogger(SuggestionStore.class);
    private static final String SEPARATOR = "\u001f"; // no identifier or fingerprint holds a unit separator
    private static final String COLUMNS = "id, index_name, table_name, columns, create_sql, fingerprint, sql,"
            + " plan_before, planned_with, served, calls, total_millis, status, before_micros, after_micros,"
            + " time_ratio, plan_after, detail, unused_runs, unused_since";
    /** Columns added since the table was first made, with their definitions: added to an older table as found. */
    private static final String[][] ADDED = {{"unused_runs", "INTEGER NOT NULL DEFAULT 0"},
        {"unused_since", "TEXT NOT NULL DEFAULT ''"}};

    private SuggestionStore() {
    }

    /** The stored suggestions, in the order stored; none if the table does not exist. */
    static List<IndexSuggestion> load(Connection c) throws SQLException {
        List<IndexSuggestion> found = new ArrayList<>();
        if (MaintenanceConnection.queryLong(c, "SELECT count(*) FROM sqlite_schema WHERE name = '" + TABLE + "'") == 0) {
            return found;
        }
        addMissingColumns(c);
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM " + TABLE + " ORDER BY rowid")) {
            while (rs.next()) {
                found.add(new IndexSuggestion(rs.getString(1), rs.getString(2), rs.getString(3), split(rs.getString(4)),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                        split(rs.getString(10)), rs.getLong(11), rs.getDouble(12), rs.getString(13), rs.getLong(14),
                        rs.getLong(15), rs.getDouble(16), rs.getString(17), rs.getString(18), rs.getInt(19),
                        rs.getString(20)));
            }
        }
        return found;
    }

    /**
     * The stored suggestions, less what the process left half done: an index left {@code applying} was being
     * proved when it stopped, so it is dropped, and its suggestion rolled back (stored at the next save).
     */
    static List<IndexSuggestion> restore(Connection c) throws SQLException {
        List<IndexSuggestion> restored = new ArrayList<>();
        for (IndexSuggestion stored : load(c)) {
            if (stored.status().equals("applying")) {
                MaintenanceConnection.execute(c, "DROP INDEX IF EXISTS " + stored.indexName());
                LOG.warn("Index {} was being proved when the process stopped: dropped", stored.indexName());
                restored.add(stored.withOutcome("rolled back", -1, -1, -1, "", "the process stopped while proving"
                        + " it; the index was dropped at the next start"));
            } else {
                restored.add(stored);
            }
        }
        return restored;
    }

    /** Replaces the stored suggestions with {@code suggestions}, in one transaction. */
    static void save(Connection c, List<IndexSuggestion> suggestions) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            MaintenanceConnection.execute(c, "CREATE TABLE IF NOT EXISTS " + TABLE + " (id TEXT PRIMARY KEY,"
                    + " index_name TEXT, table_name TEXT, columns TEXT, create_sql TEXT, fingerprint TEXT, sql TEXT,"
                    + " plan_before TEXT, planned_with TEXT, served TEXT, calls INTEGER, total_millis REAL, status TEXT,"
                    + " before_micros INTEGER, after_micros INTEGER, time_ratio REAL, plan_after TEXT, detail TEXT,"
                    + " unused_runs INTEGER NOT NULL DEFAULT 0, unused_since TEXT NOT NULL DEFAULT '')");
            addMissingColumns(c);
            MaintenanceConnection.execute(c, "DELETE FROM " + TABLE);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " (" + COLUMNS + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (IndexSuggestion s : suggestions) {
                    Object[] values = {s.id(), s.indexName(), s.table(), String.join(SEPARATOR, s.columns()),
                            s.createSql(), s.fingerprint(), s.sql(), s.planBefore(), s.plannedWith(),
                            String.join(SEPARATOR, s.servedFingerprints()), s.calls(), s.totalMillis(), s.status(),
                            s.beforeMicros(), s.afterMicros(), s.timeRatio(), s.planAfter(), s.detail(),
                            s.unusedRuns(), s.unusedSince()};
                    for (int i = 0; i < values.length; i++) {
                        insert.setObject(i + 1, values[i]);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** A table stored by an earlier version lacks the columns added since; they are added with their defaults. */
    private static void addMissingColumns(Connection c) throws SQLException {
        List<String> present = MaintenanceConnection.queryStrings(c, "SELECT name FROM pragma_table_info('" + TABLE + "')");
        for (String[] column : ADDED) {
            if (!present.contains(column[0])) {
                MaintenanceConnection.execute(c, "ALTER TABLE " + TABLE + " ADD COLUMN " + column[0] + " " + column[1]);
            }
        }
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(SEPARATOR, -1));
    }
}
