package io.trimtab.jobs.cluster;

import static io.trimtab.jobs.cluster.Fleet.await;
import static io.trimtab.jobs.cluster.Fleet.bean;
import static io.trimtab.jobs.cluster.Fleet.instanceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.jobs.JobSchedule;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.management.Notification;
import javax.management.NotificationListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance in a child JVM runs a fleet job and is killed with SIGKILL in the middle of the run; the
 * instance in this JVM takes the job over once the dead one misses its check-ins.
 */
class FleetTakeoverTest extends PostgresBacked {

    /**
     * Quartz takes an instance for dead once its last check-in is older than the check-in interval plus a fixed
     * 7.5 s; the survivor notices at its own next check-in. Beyond that, a margin for a loaded machine.
     */
    private static final long TAKEOVER_BOUND_SECONDS = 1 + 8 + 1 + 10;

    @TempDir
    Path dir;

    @Test
    void anotherInstanceTakesTheJobOverAfterAKillNine() throws Exception {
        Fleet fleet = Fleet.on(postgres);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path childLog = dir.resolve("child.log");
        Process child = new ProcessBuilder(java.toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), FleetChild.class.getName(),
                fleet.jdbcUrl(), postgres.password(), dir.resolve("child").toString())
                .redirectError(childLog.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertTrue(ready != null && ready.startsWith(FleetChild.READY), "the child did not start: " + ready + "\n"
                    + Files.readString(childLog));
            String childId = ready.substring(FleetChild.READY.length() + 1);
            await(() -> fleet.count("SELECT count(*) FROM fires WHERE instance = 'child'") == 1, 60,
                    "the child runs the job");

            try (Trimtab survivor = fleet.runtime("survivor", dir.resolve("survivor")).start()) {
                String survivorId = instanceId(survivor);
                survivor.jobs().registerFleet(FleetChild.JOB, JobSchedule.parse("1s"), fleet.recording("survivor"));
                FleetJobMXBean job = bean(survivor, FleetChild.JOB);
                assertEquals(childId, job.getRunningOn(), "the child holds the run");
                assertEquals("BLOCKED", job.getState(), "no other instance may start a run meanwhile");
                BlockingQueue<Notification> notifications = new LinkedBlockingQueue<>();
                NotificationListener listener = (notification, handback) -> notifications.add(notification);
                Fleet.SERVER.addNotificationListener(survivor.context().objectName("Job", FleetChild.JOB), listener, null, null);
                long childFire = fleet.count("SELECT fire_time FROM fires WHERE instance = 'child'");

                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
                await(() -> fleet.count("SELECT count(*) FROM fires WHERE instance = 'survivor'") > 0,
                        TAKEOVER_BOUND_SECONDS, "the survivor runs the job after the kill");

                Notification recovered = null;
                for (Notification n = notifications.poll(10, TimeUnit.SECONDS); n != null;
                     n = notifications.poll(1, TimeUnit.SECONDS)) {
                    if (FleetJobMXBean.RECOVERED_NOTIFICATION.equals(n.getType())) {
                        recovered = n;
                        break;
                    }
                }
                assertNotNull(recovered, "the survivor announces that it runs the dead instance's run again");
                assertEquals(Instant.ofEpochMilli(childFire).toString(), recovered.getUserData());
                assertEquals(1, fleet.count("SELECT count(*) FROM fires WHERE instance = 'survivor' AND fire_time = "
                        + childFire), "the interrupted run is redone once, with its own fire time");
                await(() -> survivorId.equals(job.getLastInstance()), 20, "the survivor's run is the fleet's last");
                await(() -> fleet.count("SELECT count(*) FROM qrtz_scheduler_state") == 1, 20,
                        "the dead instance leaves the fleet");
            }
        } finally {
            child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
