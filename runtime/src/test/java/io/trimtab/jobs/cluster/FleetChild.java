package io.trimtab.jobs.cluster;

import io.trimtab.Trimtab;
import io.trimtab.jobs.JobSchedule;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * An instance of the fleet in a JVM of its own, for the takeover test to kill: it registers the fleet job
 * {@value #JOB}, whose runs here record their fire time as {@value #INSTANCE} and then never end, prints
 * {@value #READY} and its instance id, and waits to be killed.
 * Arguments: JDBC URL, password, data directory.
 */
public final class FleetChild {

    static final String JOB = "takeover";
    static final String INSTANCE = "child";
    static final String READY = "READY";

    private FleetChild() {
    }

    public static void main(String[] args) throws Exception {
        String jdbcUrl = args[0];
        String password = args[1];
        Trimtab trimtab = Trimtab.builder().name("fleet-child").jmxDomain("test.fleet-child").dataDir(Path.of(args[2]))
                .jolokiaEnabled(false).jobsCluster(jdbcUrl, "postgres", password)
                .setting("jobs.cluster.checkinInterval", Fleet.CHECKIN).start();
        trimtab.jobs().registerFleet(JOB, JobSchedule.parse("1s"), context -> {
            Properties credentials = new Properties();
            credentials.setProperty("user", "postgres");
            credentials.setProperty("password", password);
            try (Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO fires VALUES (?, ?, ?)")) {
                insert.setLong(1, context.scheduledFireTime().toEpochMilli());
                insert.setString(2, INSTANCE);
                insert.setString(3, context.jobName());
                insert.executeUpdate();
            }
            new CountDownLatch(1).await();
        });
        System.out.println(READY + " " + Fleet.instanceId(trimtab));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
