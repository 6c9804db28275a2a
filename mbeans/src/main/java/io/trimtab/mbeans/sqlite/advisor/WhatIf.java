package io.trimtab.mbeans.sqlite.advisor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * A scratch in-memory database with the live schema (tables, indexes, views; no rows) and the live planner
 * statistics, where candidate indexes are created and dropped at no cost to the live data, and statements are
 * planned as the live database would plan them with those indexes. SQLite's planner reads only the schema and
 * the statistics tables, so an empty copy plans like the full one.
 */
public final class WhatIf implements AutoCloseable {

    private final Connection scratch;
    private final PlannerStatistics statistics;
    private final Set<String> created = new HashSet<>();
    private int uncopied;

    private WhatIf(Connection scratch, PlannerStatistics statistics) {
        this.scratch = scratch;
        this.statistics = statistics;
    }

    /** Copies {@code schema} and {@code statistics} into a new scratch database. */
    public static WhatIf open(Schema schema, PlannerStatistics statistics) throws SQLException {
        WhatIf whatIf = new WhatIf(DriverManager.getConnection("jdbc:sqlite::memory:"), statistics);
        try {
            whatIf.copy(schema);
            return whatIf;
        } catch (SQLException | RuntimeException e) {
            whatIf.close();
            throw e;
        }
    }

    private void copy(Schema schema) throws SQLException {
        try (Statement s = scratch.createStatement()) {
            for (String ddl : schema.ddl()) {
                try {
                    s.execute(ddl);
                } catch (SQLException e) {
                    // A virtual table's module or a view's function may be missing here, or a virtual table's
                    // own tables already made: statements on them are not planned, the rest are.
                    uncopied++;
                }
            }
            s.execute("ANALYZE"); // creates the statistics tables
            s.execute("DELETE FROM sqlite_stat1");
            s.execute("DELETE FROM sqlite_stat4");
            try (PreparedStatement insert = scratch.prepareStatement("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)")) {
                for (PlannerStatistics.Stat1 row : statistics.stat1()) {
                    insert.setString(1, row.table());
                    insert.setString(2, row.index());
                    insert.setString(3, row.stat());
                    insert.executeUpdate();
                }
            }
            if (!statistics.stat4().isEmpty()) {
                try (PreparedStatement insert = scratch.prepareStatement(
                        "INSERT INTO sqlite_stat4 VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (Object[] row : statistics.stat4()) {
                        for (int i = 0; i < row.length; i++) {
                            insert.setObject(i + 1, row[i]);
                        }
                        insert.executeUpdate();
                    }
                }
            }
            s.execute("ANALYZE sqlite_schema"); // loads them
        }
    }

    /** The schema statements that could not be copied. */
    public int uncopied() {
        return uncopied;
    }

    /** The statement's plan with the indexes now in the scratch database, or null if it cannot be planned here. */
    public Plan plan(String sql, Object[] parameters) {
        try {
            return Plan.of(scratch, sql, parameters);
        } catch (SQLException e) {
            return null;
        }
    }

    /** Creates {@code candidate} with its statistics; false if SQLite refuses it. */
    public boolean create(CandidateIndex candidate) {
        if (created.contains(candidate.name())) {
            return true;
        }
        try (Statement s = scratch.createStatement()) {
            s.execute(candidate.createSql());
            // DROP INDEX deletes its statistics row, if it was created before: put it back, then load it.
            PlannerStatistics.Stat1 stat = statistics.of(candidate.name());
            if (stat != null) {
                s.execute("DELETE FROM sqlite_stat1 WHERE idx = '" + candidate.name() + "'");
                try (PreparedStatement insert = scratch.prepareStatement("INSERT INTO sqlite_stat1 VALUES (?, ?, ?)")) {
                    insert.setString(1, stat.table());
                    insert.setString(2, stat.index());
                    insert.setString(3, stat.stat());
                    insert.executeUpdate();
                }
            }
            s.execute("ANALYZE sqlite_schema");
            created.add(candidate.name());
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    public void drop(CandidateIndex candidate) throws SQLException {
        if (created.remove(candidate.name())) {
            try (Statement s = scratch.createStatement()) {
                s.execute("DROP INDEX " + candidate.name());
            }
        }
    }

    @Override
    public void close() throws SQLException {
        scratch.close();
    }
}
