package io.trimtab.cache.cluster;

import static io.trimtab.cache.cluster.ClusterFixture.RULE;
import static io.trimtab.cache.cluster.ClusterFixture.await;
import static io.trimtab.cache.cluster.ClusterFixture.clusterJournal;
import static io.trimtab.cache.cluster.ClusterFixture.tick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.cache.CacheMXBean;
import io.trimtab.mbeans.cache.ClusterState;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.cache.TierStats;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.testing.TerracottaServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.JMX;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances, this JVM's runtime and one in a child JVM, share a clustered cache on a real Terracotta server;
 * then the server goes away and comes back, and each instance reports both. The loss test runs last: it leaves the
 * cluster restarted and empty.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFleetTest {

    @TempDir
    static Path dir;
    private static TerracottaServer terracotta;
    private static ChildInstance child;
    private static Trimtab local;
    private static ManagedCache<String, String> cache;

    @BeforeAll
    static void startTheFleet() throws Exception {
        terracotta = TerracottaServer.start();
        child = ChildInstance.start(terracotta.uri("fleet"), dir);
        local = ClusterFixture.runtime("cluster-local", dir.resolve("local"), terracotta.uri("fleet")).start();
        cache = ClusterFixture.sharedCache(local);
    }

    @AfterAll
    static void stopTheFleet() throws Exception {
        try {
            if (child != null) {
                child.close();
            }
            if (local != null) {
                local.close();
            }
        } finally {
            if (terracotta != null) {
                terracotta.close();
            }
        }
    }

    @Test
    @Order(1)
    void aPutInOneInstanceIsAGetInTheOther() throws Exception {
        cache.put("greeting", "from the test JVM");
        assertEquals("from the test JVM", child.ask("get greeting"));
        assertEquals("OK", child.ask("put answer 42"));
        assertEquals("42", cache.get("answer"));

        cache.put("greeting", "changed");
        // Eventual consistency: the other instance's heap copy is invalidated shortly after the put returns.
        await(() -> child.ask("get greeting").equals("changed"), 10, "the child sees the new value");

        TierStats clustered = tier(cache, TierStats.CLUSTERED);
        assertEquals(1, clustered.hits(), "the answer came from the server: " + cache.tiers());
        assertEquals(-1, clustered.mappings(), "the server's count is not known here");
        CacheMXBean bean = bean();
        assertEquals("CONNECTED", bean.getClusterState());
        assertEquals(terracotta.uri("fleet").toString(), bean.getClusterUri());
        assertEquals("8 MB dedicated on 'main'", bean.getClusteredTier());
        assertEquals(List.of("OnHeap", "Clustered"), bean.getTiers().stream().map(TierStats::tier).toList());
    }

    @Test
    @Order(2)
    void bothInstancesReportTheLossAndTheRecoveryOfTheServer() throws Exception {
        tick(local);
        assertEquals("CONNECTED", child.ask("tick"));
        assertEquals(ClusterState.CONNECTED, cache.clusterState());
        Trimtab leaving = ClusterFixture.runtime("cluster-leaving", dir.resolve("leaving"), terracotta.uri("fleet")).start();
        ClusterFixture.sharedCache(leaving).put("from", "the instance that leaves");
        Application application = new Application(cache);
        application.start();
        try {
            terracotta.stop();
            // Ehcache's own close waits minutes for a server that is away; the runtime's does not.
            assertTimeoutPreemptively(Duration.ofSeconds(60), leaving::close, "close() while the server is away");
            assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(leaving.objectName()));
            await(() -> tickedState(local) == ClusterState.DISCONNECTED, 20, "this instance sees the server lost");
            await(() -> child.ask("tick").equals("DISCONNECTED"), 20, "the child sees the server lost");
            assertTrue(local.optimizer().alerts().stream().anyMatch(alert -> alert.rule().equals(RULE)),
                    "alerts: " + local.optimizer().alerts());
            assertEquals(RULE, child.ask("alerts"));
            assertEquals("(null)", child.ask("get never-cached"), "Ehcache's resilience strategy answers a miss");
            long getsWhileAway = application.gets.get();

            terracotta.restart();
            await(() -> tickedState(local) == ClusterState.RECONNECTED, 60, "this instance sees the server back");
            await(() -> child.ask("tick").equals("RECONNECTED"), 60, "the child sees the server back");
            assertTrue(application.gets.get() > getsWhileAway, "the application kept going");
        } finally {
            application.stop();
        }
        // The next sample sees the cluster back, and the cycle after it clears the alert.
        tick(local);
        assertEquals("RECONNECTED", child.ask("tick"));
        assertEquals(List.of(), List.copyOf(application.failures), "the application never got an exception");
        assertFalse(local.optimizer().alerts().stream().anyMatch(alert -> alert.rule().equals(RULE)));
        assertEquals("", child.ask("alerts"));
        assertEquals(List.of("alert", "cleared"), clusterJournal(local).stream().map(JournalEntry::kind).toList());
        assertEquals("alert,cleared", child.ask("journal"));
        assertEquals(1, bean().getClusterLosses());
        assertEquals("RECONNECTED", bean().getClusterState());

        // The restarted server came back empty, and the cache is shared again once Ehcache has re-created its tier.
        await(() -> {
            cache.put("after", "restart");
            return child.ask("get after").equals("restart");
        }, 30, "the child reads what this instance wrote after the restart");
    }

    private static ClusterState tickedState(Trimtab trimtab) {
        tick(trimtab);
        return cache.clusterState();
    }

    private static CacheMXBean bean() {
        return JMX.newMXBeanProxy(ManagementFactory.getPlatformMBeanServer(),
                local.context().objectName("Cache", ClusterFixture.CACHE), CacheMXBean.class);
    }

    private static TierStats tier(ManagedCache<?, ?> cache, String name) {
        return cache.tiers().stream().filter(tier -> tier.tier().equals(name)).findFirst().orElseThrow();
    }

    /** Gets and puts on its own thread as an application would, keeping every exception it gets. */
    private static final class Application {
        final AtomicLong gets = new AtomicLong();
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Application(ManagedCache<String, String> cache) {
            thread = new Thread(() -> {
                for (long i = 0; running.get(); i++) {
                    try {
                        cache.getOrLoad("key-" + (i % 50), key -> "loaded " + key);
                        gets.incrementAndGet();
                        cache.put("written-" + (i % 10), "value " + i);
                        Thread.sleep(5);
                    } catch (RuntimeException e) {
                        failures.add(e);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "application");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }
}
