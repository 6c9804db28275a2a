package io.trimtab.cache.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.testing.TerracottaServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What the clustered-cache tests share: runtimes on one cluster, the cache they share, a way to drive them. */
final class ClusterFixture {

    static final String CACHE = "shared";
    static final String RULE = "cache.clusterLost";

    private ClusterFixture() {
    }

    /**
     * A runtime on the cluster whose clustered reads and writes give up after 1 s; its sampling and cycles run only
     * when a test calls {@link #tick}, so that each look at the cluster happens when the test says.
     */
    static TrimtabBuilder runtime(String name, Path dataDir, URI cluster) {
        return Trimtab.builder().name(name).jmxDomain("test." + name).dataDir(dataDir).jolokiaEnabled(false)
                .cachesCluster(cluster.toString()).setting("caches.cluster.operationTimeout", "1s")
                .setting("caches.cluster.connectionTimeout", "5s")
                .setting("jobs.sampling", "1h").setting("jobs.optimizationCycle", "1h");
    }

    /** The cache both instances create: 100 entries on the heap over 8 MB of their own on the server. */
    static ManagedCache<String, String> sharedCache(Trimtab trimtab) {
        return trimtab.caches().create(CACHE, String.class, String.class, CacheSpec.builder().heapEntries(100)
                .entryBounds(10, 1_000).clusteredDedicated(TerracottaServer.RESOURCE, 8).build());
    }

    /** One sample of every signal, then one optimizer cycle: what the scheduled jobs do. */
    static void tick(Trimtab trimtab) {
        trimtab.optimizer().sample();
        trimtab.optimizer().runCycle();
    }

    /** The journal entries of the cluster rule, oldest first. */
    static List<JournalEntry> clusterJournal(Trimtab trimtab) {
        return trimtab.optimizer().journal(1000).stream().filter(entry -> entry.rule().equals(RULE)).toList();
    }

    static void await(BooleanSupplier condition, long seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out after " + seconds + " s waiting until " + what);
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
