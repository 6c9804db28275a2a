package io.trimtab.mbeans.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.testing.ManualClock;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache grown and then resized back to the size it was created with holds no more than that size (Ehcache alone
 * ignores an update back to a cache's creation size: it kept 6,350 entries at maxEntries 500).
 */
class ResizeBackTest {

    @TempDir
    Path dataDir;

    @Test
    void aResizeBackToTheCreationSizeShrinksTheHeap() {
        try (Caches caches = new Caches(new ManagementContext("test.resizeback",
                new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer()), new MetricRegistry(), dataDir, new ManualClock()))) {
            ManagedCache<Integer, Integer> cache = caches.create("back", Integer.class, Integer.class,
                    CacheSpec.builder().heapEntries(500).entryBounds(50, 8_000).build());
            cache.resize(6_350);
            for (int i = 0; i < 6_350; i++) {
                cache.put(i, i);
            }
            assertEquals(6_350, cache.size());

            cache.resize(500);
            for (int i = 10_000; i < 10_100; i++) {
                cache.put(i, i); // evictions happen on writes
            }
            assertEquals(500, cache.maxEntries());
            assertTrue(cache.size() <= 500, "holds " + cache.size() + " entries at maxEntries 500");
        }
    }
}
