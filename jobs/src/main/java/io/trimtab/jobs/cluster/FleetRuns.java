package io.trimtab.jobs.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Trimtab's record of each fleet job's runs in {@code <prefix>TRIMTAB_FLEET_RUNS}, one row per job, written by
 * whichever instance ran or missed it and read alike by all: the instance of the last completed run, its times
 * and error, and the fleet's counters. Also reads from Quartz's fired triggers where a run is under way.
 */
final class FleetRuns {

    /** What the fleet knows about one job's runs. */
    record LastRun(String instance, Instant fireTime, Instant runTime, Duration duration, String error, long runs,
                   long failures, long misfires) {
        static final LastRun NONE = new LastRun("", null, null, Duration.ZERO, "", 0, 0, 0);
    }

    private static final int MAX_ERROR = 2000;

    private final DataSource database;
    private final String schedulerName;
    private final String recordRun;
    private final String recordMisfire;
    private final String read;
    private final String runningOn;

    FleetRuns(DataSource database, String prefix, String schedulerName) {
        this.database = database;
        this.schedulerName = schedulerName;
        String table = prefix + FleetTables.RUNS_TABLE;
        this.recordRun = "INSERT INTO " + table + " AS r (SCHED_NAME, JOB_NAME, LAST_INSTANCE, LAST_FIRE_TIME, LAST_RUN_TIME,"
                + " LAST_DURATION_MS, LAST_ERROR, RUN_COUNT, FAILURE_COUNT) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)"
                + " ON CONFLICT (SCHED_NAME, JOB_NAME) DO UPDATE SET LAST_INSTANCE = EXCLUDED.LAST_INSTANCE,"
                + " LAST_FIRE_TIME = EXCLUDED.LAST_FIRE_TIME, LAST_RUN_TIME = EXCLUDED.LAST_RUN_TIME,"
                + " LAST_DURATION_MS = EXCLUDED.LAST_DURATION_MS,"
                + " LAST_ERROR = CASE WHEN EXCLUDED.LAST_ERROR = '' THEN r.LAST_ERROR ELSE EXCLUDED.LAST_ERROR END,"
                + " RUN_COUNT = r.RUN_COUNT + 1, FAILURE_COUNT = r.FAILURE_COUNT + EXCLUDED.FAILURE_COUNT";
        this.recordMisfire = "INSERT INTO " + table + " AS r (SCHED_NAME, JOB_NAME, MISFIRE_COUNT) VALUES (?, ?, 1)"
                + " ON CONFLICT (SCHED_NAME, JOB_NAME) DO UPDATE SET MISFIRE_COUNT = r.MISFIRE_COUNT + 1";
        this.read = "SELECT LAST_INSTANCE, LAST_FIRE_TIME, LAST_RUN_TIME, LAST_DURATION_MS, LAST_ERROR, RUN_COUNT,"
                + " FAILURE_COUNT, MISFIRE_COUNT FROM " + table + " WHERE SCHED_NAME = ? AND JOB_NAME = ?";
        this.runningOn = "SELECT INSTANCE_NAME FROM " + prefix + "FIRED_TRIGGERS WHERE SCHED_NAME = ? AND JOB_NAME = ?"
                + " AND JOB_GROUP = ? AND STATE = 'EXECUTING' ORDER BY FIRED_TIME LIMIT 1";
    }

    /** Records a completed run; {@code error} is empty for a run that succeeded. */
    void recordRun(String job, String instance, Instant fireTime, Instant runTime, Duration took, String error)
            throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(recordRun)) {
            insert.setString(1, schedulerName);
            insert.setString(2, job);
            insert.setString(3, instance);
            insert.setLong(4, fireTime.toEpochMilli());
            insert.setLong(5, runTime.toEpochMilli());
            insert.setLong(6, took.toMillis());
            insert.setString(7, error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error);
            insert.setLong(8, error.isEmpty() ? 0 : 1);
            insert.executeUpdate();
        }
    }

    void recordMisfire(String job) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(recordMisfire)) {
            insert.setString(1, schedulerName);
            insert.setString(2, job);
            insert.executeUpdate();
        }
    }

    LastRun read(String job) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(read)) {
            query.setString(1, schedulerName);
            query.setString(2, job);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return LastRun.NONE;
                }
                String instance = row.getString(1);
                return new LastRun(instance == null ? "" : instance, instant(row, 2), instant(row, 3),
                        Duration.ofMillis(row.getLong(4)), row.getString(5), row.getLong(6), row.getLong(7), row.getLong(8));
            }
        }
    }

    /** The instance running the job now, or empty when no run is under way. */
    String runningOn(String job, String group) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(runningOn)) {
            query.setString(1, schedulerName);
            query.setString(2, job);
            query.setString(3, group);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : "";
            }
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
