package io.trimtab.cache.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.cache.CacheMXBean;
import io.trimtab.mbeans.cache.CacheSpec;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.cache.TierStats;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.testing.TerracottaServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One runtime on a real Terracotta server: what it manages on a clustered cache, and what it refuses. */
class ClusteredCacheTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static TerracottaServer terracotta;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startTerracotta() throws Exception {
        terracotta = TerracottaServer.start();
    }

    @AfterAll
    static void stopTerracotta() throws Exception {
        if (terracotta != null) {
            terracotta.close();
        }
    }

    @Test
    void resizingTheClusteredTierIsRefusedAndChangesNothingWhileTheHeapResizes() throws Exception {
        try (Trimtab trimtab = ClusterFixture.runtime("clustered-resize", dataDir, terracotta.uri("resize")).start()) {
            ManagedCache<String, String> cache = ClusterFixture.sharedCache(trimtab);
            cache.put("kept", "through the refusal");
            CacheMXBean bean = bean(trimtab, ClusterFixture.CACHE);

            RuntimeException refused = assertThrows(RuntimeException.class, () -> bean.resizeClusteredTier(16));
            assertTrue(refused.getMessage().contains("cache 'shared': its clustered tier (8 MB dedicated on 'main')"
                    + " cannot be resized while the cache runs, Ehcache refuses: Updating CLUSTERED resource is not"
                    + " supported. Nothing changed"), refused.getMessage());
            assertEquals("8 MB dedicated on 'main'", bean.getClusteredTier());
            assertEquals("through the refusal", cache.get("kept"));
            assertThrows(IllegalArgumentException.class, () -> cache.resizeClusteredTier(0));

            assertEquals(500, bean.resize(500));
            assertEquals(500, bean.getMaxEntries());
            assertEquals("8 MB dedicated on 'main'", bean.getClusteredTier());
            assertEquals("through the refusal", cache.get("kept"));
        }
    }

    @Test
    void theOptimizerTunesTheHeapInFrontOfTheClusterOnTheHeapsOwnFigures() throws Exception {
        try (Trimtab trimtab = ClusterFixture.runtime("clustered-knob", dataDir, terracotta.uri("knob"))
                .jolokiaEnabled(true).jolokiaPort(0).start()) {
            ManagedCache<String, String> cache = ClusterFixture.sharedCache(trimtab);
            SignalRegistry signals = trimtab.optimizer().signals();
            List<String> knobs = signals.knobs().stream().map(Knob::name).filter(name -> name.startsWith("cache.")).toList();
            assertEquals(List.of("cache.shared.maxEntries"), knobs, "the clustered tier has no knob");
            Knob heap = signals.knob("cache.shared.maxEntries").orElseThrow();
            assertEquals(10, heap.min());
            assertEquals(1_000, heap.max());

            for (int i = 0; i < 20; i++) {
                cache.put("key-" + i, "value " + i);
            }
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 20; i++) {
                    cache.get("key-" + i);
                }
            }
            trimtab.optimizer().sample();
            TierStats onHeap = cache.tiers().get(0);
            assertEquals(TierStats.ON_HEAP, onHeap.tier());
            // A put goes to the cluster and leaves the heap; the first get of each key fetches it, the next two hit.
            assertEquals(40, onHeap.hits());
            assertEquals(20, onHeap.misses());
            assertEquals(40.0 / 60, signals.window("cache.shared.hitRatio").orElseThrow().latest(), 1e-9);
            assertEquals(1.0, cache.stats().hitRatio(), "every get hit somewhere: the cache's own ratio is not the heap's");
            assertEquals(1.0, signals.window("cache.shared.clusterConnected").orElseThrow().latest());
            String metrics = scrape(trimtab);
            assertTrue(metrics.contains("trimtab_cache_tier_requests_total{cache=\"shared\",result=\"hit\",tier=\"OnHeap\"} 40.0"),
                    metrics);
            assertTrue(metrics.contains("trimtab_cache_tier_requests_total{cache=\"shared\",result=\"hit\",tier=\"Clustered\"} 20.0"),
                    metrics);
            assertTrue(metrics.contains("trimtab_cache_cluster_connected{cache=\"shared\"} 1.0"), metrics);

            heap.set(200);
            assertEquals(200, cache.maxEntries());
        }
    }

    @Test
    void aSharedPoolIsUsedByNameAndAnUndeclaredOneIsRefused() {
        try (Trimtab trimtab = ClusterFixture.runtime("clustered-shared", dataDir, terracotta.uri("shared"))
                .setting("caches.cluster.sharedPools", "fleet:16MB@main").start()) {
            ManagedCache<Long, String> pooled = trimtab.caches().create("pooled", Long.class, String.class,
                    CacheSpec.builder().heapEntries(50).clusteredShared("fleet").build());
            pooled.put(7L, "seven");
            assertEquals("seven", pooled.get(7L));
            assertEquals("shared pool 'fleet'", bean(trimtab, "pooled").getClusteredTier());

            IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class, () -> trimtab.caches()
                    .create("other", Long.class, String.class, CacheSpec.builder().heapEntries(50).clusteredShared("nope").build()));
            assertEquals("cache 'other' asks for the shared pool 'nope' but caches.cluster.sharedPools declares [fleet]",
                    undeclared.getMessage());
            assertFalse(SERVER.isRegistered(trimtab.context().objectName("Cache", "other")));
        }
    }

    @Test
    void aServerResourceThatDoesNotExistFailsTheCreationWithTheServersReason() {
        try (Trimtab trimtab = ClusterFixture.runtime("clustered-resource", dataDir, terracotta.uri("resource")).start()) {
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> trimtab.caches()
                    .create("orders", String.class, String.class,
                            CacheSpec.builder().heapEntries(50).clusteredDedicated("nowhere", 4).build()));
            assertTrue(missing.getMessage().startsWith("cache 'orders' cannot be created: "), missing.getMessage());
            assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
            assertFalse(SERVER.isRegistered(trimtab.context().objectName("Cache", "orders")));

            ManagedCache<String, String> orders = trimtab.caches().create("orders", String.class, String.class,
                    CacheSpec.builder().heapEntries(50).clusteredDedicated(4).build());
            orders.put("o-1", "created on the default resource");
            assertEquals("created on the default resource", orders.get("o-1"));
        }
    }

    @Test
    void aDefaultResourceTheServerDoesNotHaveFailsTheStart() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ClusterFixture
                .runtime("clustered-default", dataDir, terracotta.uri("default"))
                .setting("caches.cluster.defaultResource", "nowhere").start());
        assertTrue(refused.getMessage().startsWith("caches.cluster.uri=" + terracotta.uri("default")
                + ": the caches cannot connect to the cluster: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("Default server resource 'nowhere' is not defined"), refused.getMessage());
        assertTrue(SERVER.queryNames(ObjectName.WILDCARD, null).stream()
                .noneMatch(name -> name.getDomain().startsWith("test.clustered-default")), "nothing stays registered");
    }

    @Test
    void theFirstInstanceOnTheServerDeclaresThePoolsOfTheFleet() {
        URI fleet = terracotta.uri("pools");
        try (Trimtab first = ClusterFixture.runtime("clustered-pools-a", dataDir.resolve("a"), fleet)
                .setting("caches.cluster.sharedPools", "fleet:8MB").start()) {
            IllegalStateException otherNames = assertThrows(IllegalStateException.class, () -> ClusterFixture
                    .runtime("clustered-pools-b", dataDir.resolve("b"), fleet)
                    .setting("caches.cluster.sharedPools", "other:8MB").start());
            assertTrue(otherNames.getMessage().startsWith("caches.cluster.uri=" + fleet + ": the caches cannot connect"
                    + " to the cluster: "), otherNames.getMessage());
            assertTrue(otherNames.getMessage().contains("Pool names not equal. Client: [other] Server: [fleet]"),
                    otherNames.getMessage());
            assertTrue(SERVER.queryNames(ObjectName.WILDCARD, null).stream()
                    .noneMatch(name -> name.getDomain().startsWith("test.clustered-pools-b")), "nothing stays registered");

            // Ehcache compares the names only: a size of its own does not change the fleet's pool.
            try (Trimtab late = ClusterFixture.runtime("clustered-pools-c", dataDir.resolve("c"), fleet)
                    .setting("caches.cluster.sharedPools", "fleet:16MB").start()) {
                late.caches().create("pooled", Long.class, String.class,
                        CacheSpec.builder().heapEntries(10).clusteredShared("fleet").build()).put(1L, "in the fleet's pool");
                ManagedCache<Long, String> pooled = first.caches().create("pooled", Long.class, String.class,
                        CacheSpec.builder().heapEntries(10).clusteredShared("fleet").build());
                assertEquals("in the fleet's pool", pooled.get(1L));
            }
        }
    }

    private static String scrape(Trimtab trimtab) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(trimtab.metricsUrl().orElseThrow()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        return answer.body();
    }

    private static CacheMXBean bean(Trimtab trimtab, String cache) {
        return JMX.newMXBeanProxy(SERVER, trimtab.context().objectName("Cache", cache), CacheMXBean.class);
    }
}
