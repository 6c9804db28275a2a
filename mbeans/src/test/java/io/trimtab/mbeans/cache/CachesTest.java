package io.trimtab.mbeans.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.testing.ManualClock;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.management.Attribute;
import javax.management.JMX;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.ehcache.CacheManager;
import org.ehcache.Status;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CachesTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dataDir;

    private final MetricRegistry metrics = new MetricRegistry();
    private Caches caches;

    @BeforeEach
    void start() {
        caches = new Caches(new ManagementContext("test.caches", new MBeanRegistrar(SERVER), metrics, dataDir,
                new ManualClock(Instant.parse("2026-01-01T00:00:00Z"))));
    }

    @AfterEach
    void stop() {
        caches.close();
    }

    @Test
    void theMXBeanAndTheGaugesShowTheCacheAndCloseRemovesThem() throws Exception {
        ManagedCache<String, String> cache = caches.create("users", String.class, String.class,
                CacheSpec.builder().heapEntries(100).entryBounds(10, 500).timeToLive(Duration.ofMinutes(5)).build());
        cache.put("user:1", "a");
        cache.put("user:2", "b");
        cache.get("user:1");
        cache.get("user:3");

        ObjectName name = new ObjectName("test.caches:type=Cache,name=users");
        CacheMXBean bean = JMX.newMXBeanProxy(SERVER, name, CacheMXBean.class);
        assertEquals(2, bean.getSize());
        assertEquals(100, bean.getMaxEntries());
        assertEquals(10, bean.getMinEntriesBound());
        assertEquals(500, bean.getMaxEntriesBound());
        assertEquals(300, bean.getTtlSeconds());
        assertEquals(0, bean.getTtiSeconds());
        assertEquals(2, bean.getGets());
        assertEquals(1, bean.getHits());
        assertEquals(1, bean.getMisses());
        assertEquals(0.5, bean.getHitRatio());
        assertEquals(2, bean.getPuts());
        // Read together, as Jolokia reads a bean: one statistics snapshot answers them all.
        assertEquals(List.of(2L, 1L, 1L, 0.5, 2L), SERVER.getAttributes(name,
                new String[] {"Gets", "Hits", "Misses", "HitRatio", "Size"}).asList().stream().map(Attribute::getValue).toList());
        assertEquals("java.lang.String", bean.getKeyType());
        assertFalse(bean.isAdopted());
        assertEquals("2026-01-01T00:05:00Z", bean.expiresAt("user:1"));
        assertEquals("not cached", bean.expiresAt("user:3"));

        bean.setTtlSeconds(60);
        assertEquals(Optional.of(Duration.ofMinutes(1)), cache.timeToLive());
        assertEquals(400, bean.resize(400));
        assertTrue(bean.invalidate("user:2"));
        assertFalse(bean.invalidate("user:2"));
        assertEquals(1, bean.invalidateMatching("user:*"));
        assertEquals(2, bean.getRemovals());
        bean.resetStatistics();
        assertEquals(0, bean.getGets());

        RuntimeMBeanException refused = assertThrows(RuntimeMBeanException.class,
                () -> SERVER.setAttribute(name, new Attribute("TtlSeconds", -1L)));
        assertEquals("ttlSeconds must be 0 (never) or more but was -1", refused.getCause().getMessage());
        assertEquals(60, bean.getTtlSeconds());

        for (MBeanOperationInfo op : SERVER.getMBeanInfo(name).getOperations()) {
            assertFalse(op.getDescription().isBlank(), op.getName());
        }

        String prefix = "trimtab.cache.users.";
        assertEquals(Set.of("size", "maxEntries", "ttlSeconds", "gets", "hits", "misses", "hitRatio", "recentHitRatio",
                "puts", "removals", "evictions", "expirations", "averageGetMicros"), figures(prefix));
        assertEquals(400L, metrics.getGauges().get(prefix + "maxEntries").getValue());
        cache.get("user:1");
        assertEquals(1L, gauge(prefix + "misses"));

        caches.close();
        assertFalse(SERVER.isRegistered(name));
        assertEquals(Set.of(), figures(prefix));
        assertThrows(IllegalStateException.class, () -> cache.get("user:1"), "Trimtab's own CacheManager is closed");
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> caches.create("again",
                String.class, String.class, CacheSpec.builder().heapEntries(1).build()));
        assertEquals("the caches of this runtime are closed", closed.getMessage());
    }

    @Test
    void adoptedCachesAreWatchedAndTheirManagerIsLeftOpen() throws Exception {
        try (CacheManager own = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache("sessions", CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, String.class,
                        ResourcePoolsBuilder.heap(50)).withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(Duration.ofMinutes(1))))
                .withCache("blobs", CacheConfigurationBuilder.newCacheConfigurationBuilder(Long.class, byte[].class,
                        ResourcePoolsBuilder.newResourcePoolsBuilder().heap(1, MemoryUnit.MB)))
                .build(true)) {
            own.getCache("sessions", String.class, String.class).put("s1", "alice");
            own.getCache("sessions", String.class, String.class).get("s1");

            List<ManagedCache<?, ?>> adopted = caches.adopt(own);
            assertEquals(List.of("blobs", "sessions"), caches.names(), "adopted in alphabetical order");
            assertEquals(2, adopted.size());

            ManagedCache<String, String> sessions = caches.get("sessions", String.class, String.class);
            assertTrue(sessions.adopted());
            assertEquals(1, sessions.stats().hits());
            assertEquals(1, sessions.size());
            assertEquals(Optional.empty(), sessions.timeToLive());
            assertEquals(1, sessions.minEntriesBound());
            assertEquals(50, sessions.maxEntriesBound());
            assertEquals(20, sessions.resize(20));
            IllegalStateException ttl = assertThrows(IllegalStateException.class,
                    () -> sessions.timeToLive(Duration.ofSeconds(5)));
            assertEquals("cache 'sessions' was adopted with its own ExpiryPolicy, which Ehcache fixes at creation: its"
                    + " timeToLive cannot change", ttl.getMessage());

            ManagedCache<Long, byte[]> blobs = caches.get("blobs", Long.class, byte[].class);
            assertEquals(-1, blobs.maxEntries());
            IllegalStateException resize = assertThrows(IllegalStateException.class, () -> blobs.resize(10));
            assertEquals("cache 'blobs' has no heap tier sized in entries: it cannot be resized by entries",
                    resize.getMessage());
            CacheMXBean bean = JMX.newMXBeanProxy(SERVER, new ObjectName("test.caches:type=Cache,name=blobs"),
                    CacheMXBean.class);
            assertTrue(bean.isAdopted());
            assertEquals(-1, bean.getTtlSeconds());

            IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> caches.adopt(own));
            assertEquals("cache name 'blobs' is already taken in this runtime", twice.getMessage());
            IllegalArgumentException types = assertThrows(IllegalArgumentException.class,
                    () -> caches.get("sessions", Long.class, String.class));
            assertEquals("cache 'sessions' maps java.lang.String to java.lang.String, not java.lang.Long to"
                    + " java.lang.String", types.getMessage());

            caches.close();
            assertEquals(Status.AVAILABLE, own.getStatus());
            assertEquals("alice", own.getCache("sessions", String.class, String.class).get("s1"));
        }
    }

    @Test
    void anOffHeapTierKeepsEntriesTheHeapEvicts() {
        ManagedCache<Long, String> cache = caches.create("tiered", Long.class, String.class,
                CacheSpec.builder().heapEntries(100).offHeapBytes(8L * 1024 * 1024).build());
        for (long i = 0; i < 500; i++) {
            cache.put(i, "v" + i);
        }
        assertEquals(500, cache.size());
        assertEquals(50, cache.resize(50));
        assertEquals(500, cache.size());
        assertEquals("v7", cache.get(7L));
    }

    private Set<String> figures(String prefix) {
        Set<String> figures = new TreeSet<>();
        for (String name : metrics.getNames()) {
            if (name.startsWith(prefix)) {
                figures.add(name.substring(prefix.length()));
            }
        }
        return figures;
    }

    private Object gauge(String name) {
        Gauge<?> gauge = metrics.getGauges().get(name);
        return gauge.getValue();
    }
}
