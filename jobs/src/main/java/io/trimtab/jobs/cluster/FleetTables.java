package io.trimtab.jobs.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.quartz.Scheduler;

/**
 * Creates the fleet's tables when they are missing: Quartz's own, from the PostgreSQL script inside the Quartz
 * jar, and Trimtab's table of last runs. All of it happens in one transaction holding a PostgreSQL advisory lock,
 * so that instances starting together wait for each other and only the first creates anything. The same
 * transaction inserts Quartz's two lock rows, which Quartz would otherwise insert on first use and race on
 * (quartz-scheduler/quartz#647).
 */
final class FleetTables {

    /** Every Trimtab fleet takes this lock while it looks at and creates its tables: "trimtab!" in ASCII. */
    static final long ADVISORY_LOCK = 0x7472_696d_7461_6221L;
    /** Trimtab's own table, one row per fleet job: who ran it last, when, and its counters. */
    static final String RUNS_TABLE = "TRIMTAB_FLEET_RUNS";
    /** The instance id of a Quartz scheduler that is not clustered. */
    static final String NON_CLUSTERED = "NON_CLUSTERED";

    private static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    private static final String SCRIPT_PREFIX = "QRTZ_";
    private static final Pattern TARGET = Pattern.compile("(?is)CREATE\\s+(?:TABLE\\s+|INDEX\\s+\\w+\\s+ON\\s+)(\\w+).*");
    private static final String RUNS_DDL = "CREATE TABLE " + SCRIPT_PREFIX + RUNS_TABLE + " ("
            + " SCHED_NAME VARCHAR(120) NOT NULL, JOB_NAME VARCHAR(200) NOT NULL, LAST_INSTANCE VARCHAR(200),"
            + " LAST_FIRE_TIME BIGINT, LAST_RUN_TIME BIGINT, LAST_DURATION_MS BIGINT NOT NULL DEFAULT 0,"
            + " LAST_ERROR VARCHAR(2000) NOT NULL DEFAULT '', RUN_COUNT BIGINT NOT NULL DEFAULT 0,"
            + " FAILURE_COUNT BIGINT NOT NULL DEFAULT 0, MISFIRE_COUNT BIGINT NOT NULL DEFAULT 0,"
            + " PRIMARY KEY (SCHED_NAME, JOB_NAME))";

    private FleetTables() {
    }

    /**
     * Creates what is missing and inserts the lock rows of {@code schedulerName}, after checking that no
     * unclustered scheduler of that name fires from these tables.
     *
     * @return the tables created, empty when every one was there
     * @throws IllegalStateException if an unclustered scheduler uses the tables
     */
    static List<String> prepare(Connection connection, String prefix, String schedulerName) throws SQLException {
        List<String> statements = statements(prefix);
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
            Set<String> existing = existingTables(connection);
            Set<String> created = new HashSet<>();
            for (String sql : statements) {
                String table = target(sql);
                if (!existing.contains(table)) {
                    statement.execute(sql);
                    created.add(table);
                }
            }
            insertLockRows(connection, prefix, schedulerName);
            requireNoUnclusteredScheduler(connection, prefix, schedulerName);
            connection.commit();
            return created.stream().sorted().collect(Collectors.toList());
        } catch (SQLException | RuntimeException e) {
            rollBack(connection, e);
            throw e;
        }
    }

    private static void rollBack(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Quartz's CREATE statements without its DROPs, comments and COMMIT, then Trimtab's own; all prefixed. */
    static List<String> statements(String prefix) {
        List<String> statements = new ArrayList<>();
        String script = readScript().lines().filter(line -> !line.trim().startsWith("--"))
                .collect(Collectors.joining("\n"));
        for (String sql : (script + ";" + RUNS_DDL).split(";")) {
            String trimmed = sql.trim();
            if (trimmed.regionMatches(true, 0, "CREATE", 0, 6)) {
                statements.add(trimmed.replace(SCRIPT_PREFIX, prefix));
            }
        }
        return statements;
    }

    /** The table a CREATE TABLE or CREATE INDEX statement is about, folded as PostgreSQL folds it. */
    private static String target(String sql) {
        Matcher matcher = TARGET.matcher(sql);
        if (!matcher.matches()) {
            throw new IllegalStateException("unexpected statement in " + SCRIPT + ": " + sql);
        }
        return matcher.group(1).toLowerCase(Locale.ROOT);
    }

    private static Set<String> existingTables(Connection connection) throws SQLException {
        Set<String> tables = new HashSet<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = current_schema()")) {
            while (rows.next()) {
                tables.add(rows.getString(1).toLowerCase(Locale.ROOT));
            }
        }
        return tables;
    }

    private static void insertLockRows(Connection connection, String prefix, String schedulerName) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix + "LOCKS (SCHED_NAME, LOCK_NAME)"
                + " VALUES (?, 'TRIGGER_ACCESS'), (?, 'STATE_ACCESS') ON CONFLICT DO NOTHING")) {
            insert.setString(1, schedulerName);
            insert.setString(2, schedulerName);
            insert.executeUpdate();
        }
    }

    /**
     * A clustered scheduler writes its check-ins; an unclustered one never does, and it names itself
     * {@value #NON_CLUSTERED} in the fired triggers it holds. Sharing the tables with it would fire jobs twice
     * and let it "recover" the triggers the fleet is running.
     */
    private static void requireNoUnclusteredScheduler(Connection connection, String prefix, String schedulerName)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM " + prefix + "FIRED_TRIGGERS"
                + " WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?")) {
            query.setString(1, schedulerName);
            query.setString(2, NON_CLUSTERED);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                if (rows.getLong(1) > 0) {
                    throw new IllegalStateException("the tables " + prefix + "* hold fired triggers of an unclustered"
                            + " Quartz scheduler named '" + schedulerName + "' (instance " + NON_CLUSTERED + "): it"
                            + " would fire the fleet's jobs a second time; set isClustered=true on it, or give this"
                            + " fleet tables of its own with " + FleetConfig.TABLE_PREFIX_KEY);
                }
            }
        }
    }

    private static String readScript() {
        try (InputStream in = Scheduler.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("the Quartz jar holds no " + SCRIPT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCRIPT + " from the Quartz jar", e);
        }
    }
}
