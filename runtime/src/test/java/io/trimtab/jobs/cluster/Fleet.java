package io.trimtab.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.jobs.JobContext;
import io.trimtab.jobs.TrimtabTask;
import io.trimtab.testing.PostgresServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.management.JMX;
import javax.management.MBeanServer;

/** What the fleet tests share: runtimes on one fleet database, and a table where each run writes who ran which fire. */
final class Fleet {

    static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    /** Short, so that tests see a dead instance's work taken over within seconds. */
    static final String CHECKIN = "1s";

    private final PostgresServer postgres;
    private final String database;

    Fleet(PostgresServer postgres, String database) throws SQLException {
        this.postgres = postgres;
        this.database = database;
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS fires (fire_time BIGINT NOT NULL, instance TEXT NOT NULL,"
                    + " job TEXT NOT NULL)");
        }
    }

    static Fleet on(PostgresServer postgres) throws SQLException {
        return new Fleet(postgres, postgres.createDatabase());
    }

    String jdbcUrl() {
        return postgres.jdbcUrl(database);
    }

    Connection connect() throws SQLException {
        return postgres.connect(database);
    }

    TrimtabBuilder runtime(String name, Path dataDir) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaEnabled(false)
                .jobsCluster(jdbcUrl(), PostgresServer.USER, postgres.password())
                .setting("jobs.cluster.checkinInterval", CHECKIN);
    }

    /** A task that writes its job, its fire time and {@code instance} into the fires table. */
    TrimtabTask recording(String instance) {
        return context -> record(context, instance);
    }

    void record(JobContext context, String instance) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO fires VALUES (?, ?, ?)")) {
            insert.setLong(1, context.scheduledFireTime().toEpochMilli());
            insert.setString(2, instance);
            insert.setString(3, context.jobName());
            insert.executeUpdate();
        }
    }

    long count(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e, e);
        }
    }

    static FleetJobMXBean bean(Trimtab trimtab, String job) {
        return JMX.newMXBeanProxy(SERVER, trimtab.context().objectName("Job", job), FleetJobMXBean.class);
    }

    static String instanceId(Trimtab trimtab) {
        return ((FleetJobs) trimtab.jobs()).instanceId();
    }

    static void await(BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out after " + seconds + " s waiting until " + what);
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
