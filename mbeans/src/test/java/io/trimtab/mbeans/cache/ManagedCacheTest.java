package io.trimtab.mbeans.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.testing.ManualClock;
import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ehcache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedCacheTest {

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Caches caches;

    @BeforeEach
    void start() {
        caches = new Caches(new ManagementContext("test.cache", new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer()),
                new MetricRegistry(), dataDir, clock));
    }

    @AfterEach
    void stop() {
        caches.close();
    }

    private ManagedCache<String, String> create(CacheSpec.Builder spec) {
        return caches.create("users", String.class, String.class, spec.build());
    }

    @Test
    void statisticsAreExactAfterAKnownSequence() {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100));
        cache.put("a", "1");
        cache.put("b", "2");
        cache.put("a", "1'");
        cache.get("a");
        cache.get("b");
        cache.get("a");
        cache.get("x");
        cache.invalidate("b");
        cache.get("b");

        CacheStats stats = cache.stats();
        assertEquals(5, stats.gets());
        assertEquals(3, stats.hits());
        assertEquals(2, stats.misses());
        assertEquals(3, stats.puts());
        assertEquals(1, stats.removals());
        assertEquals(0, stats.evictions());
        assertEquals(0.6, stats.hitRatio(), 1e-9);
        assertEquals(1, cache.size());

        cache.resetStatistics();
        assertEquals(0, cache.stats().gets());
        assertEquals(0, cache.stats().timedGets());
        assertEquals("1'", cache.get("a"));
        assertEquals(1, cache.stats().hits());
    }

    @Test
    void theLookupsThatFollowASnapshotAreTimed() {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100));
        cache.put("k", "v");
        for (int i = 0; i < 1_000; i++) {
            cache.get("k");
        }
        assertEquals(64, cache.stats().timedGets(), "the burst armed when the cache was created");
        for (int i = 0; i < 1_000; i++) {
            cache.get("k");
        }
        CacheStats stats = cache.stats();
        assertEquals(128, stats.timedGets());
        assertTrue(stats.averageGetMicros() > 0);
    }

    @Test
    void recentHitRatioCoversAboutTheLastMinute() {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100));
        cache.put("k", "v");
        for (int i = 0; i < 10; i++) {
            cache.get("missing");
        }
        assertEquals(0.0, cache.recentHitRatio());
        for (int second = 0; second < 70; second += 5) {
            clock.advance(Duration.ofSeconds(5));
            cache.get("k");
            cache.sample();
        }
        assertEquals(1.0, cache.recentHitRatio(), "the misses are older than the window");
        assertEquals(14.0 / 24, cache.stats().hitRatio(), 1e-9);
    }

    @Test
    void resizingDownEvictsToTheNewBoundAndReadsBack() {
        ManagedCache<Integer, String> cache = caches.create("numbers", Integer.class, String.class,
                CacheSpec.builder().heapEntries(1_000).entryBounds(10, 2_000).build());
        for (int i = 0; i < 1_000; i++) {
            cache.put(i, "v" + i);
        }
        assertEquals(1_000, cache.size());

        assertEquals(100, cache.resize(100));
        assertEquals(100, cache.maxEntries());
        assertEquals(100, cache.size());
        assertEquals(900, cache.stats().evictions());

        assertEquals(2_000, cache.resize(2_000));
        for (int i = 0; i < 1_500; i++) {
            cache.put(i, "v" + i);
        }
        assertEquals(1_500, cache.size());
    }

    @Test
    void aTtlChangeAppliesToEntriesWrittenAfterwards() {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100).timeToLive(Duration.ofMinutes(10)));
        Instant t0 = clock.instant();
        cache.put("old", "1");
        assertEquals(Optional.of(t0.plus(Duration.ofMinutes(10))), cache.expiresAt("old"));

        assertEquals(Duration.ofMinutes(1), cache.timeToLive(Duration.ofMinutes(1)));
        assertEquals(Optional.of(Duration.ofMinutes(1)), cache.timeToLive());
        cache.put("new", "2");
        assertEquals(Optional.of(t0.plus(Duration.ofMinutes(1))), cache.expiresAt("new"));

        clock.advance(Duration.ofMinutes(2));
        assertNull(cache.get("new"));
        assertEquals("1", cache.get("old"), "an entry written before the change keeps its expiry");
        assertEquals(1, cache.stats().expirations());

        clock.advance(Duration.ofMinutes(9));
        assertNull(cache.get("old"));

        assertEquals(Duration.ZERO, cache.timeToLive(Duration.ZERO));
        cache.put("forever", "3");
        assertEquals(Optional.of(Instant.MAX), cache.expiresAt("forever"));
        assertEquals(Optional.empty(), cache.expiresAt("absent"));
    }

    @Test
    void timeToIdleIsAdjustableToo() {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100).timeToIdle(Duration.ofMinutes(5)));
        cache.put("k", "v");
        clock.advance(Duration.ofMinutes(4));
        assertEquals("v", cache.get("k"));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(5))), cache.expiresAt("k"));
        clock.advance(Duration.ofMinutes(4));
        assertEquals(Optional.of(clock.instant().plus(Duration.ofMinutes(1))), cache.expiresAt("k"),
                "asking does not touch the entry");
        assertEquals(Duration.ofSeconds(30), cache.timeToIdle(Duration.ofSeconds(30)));
        assertEquals(Optional.of(Duration.ZERO), cache.timeToLive());

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.timeToLive(Duration.ofMinutes(1)));
        assertEquals("cache 'users' expires entries by idleness: set its timeToIdle instead", e.getMessage());
        assertEquals(Optional.of(Duration.ofSeconds(30)), cache.timeToIdle());
    }

    @Test
    void concurrentMissesOnOneKeyLoadOnce() throws Exception {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100));
        int threads = 16;
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch allMissed = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        Function<String, String> loader = key -> {
            loads.incrementAndGet();
            await(release);
            return "loaded " + key;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    allMissed.countDown();
                    return cache.getOrLoad("k", loader);
                }));
            }
            assertTrue(allMissed.await(10, TimeUnit.SECONDS));
            awaitMisses(cache, threads);
            release.countDown();
            for (Future<String> result : results) {
                assertEquals("loaded k", result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, loads.get());
        assertEquals(1, cache.stats().puts());
        assertEquals("loaded k", cache.getOrLoad("k", loader));
        assertEquals(1, loads.get());
    }

    @Test
    void aFailingLoaderCachesNothingAndEveryWaiterGetsItsException() throws Exception {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100));
        int threads = 4;
        CountDownLatch release = new CountDownLatch(1);
        IllegalStateException failure = new IllegalStateException("database down");
        Function<String, String> loader = key -> {
            await(release);
            throw failure;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> cache.getOrLoad("k", loader)));
            }
            awaitMisses(cache, threads);
            release.countDown();
            for (Future<String> result : results) {
                Throwable thrown = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> result.get(10, TimeUnit.SECONDS)).getCause();
                assertSame(failure, thrown);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, cache.stats().puts());
        assertEquals("second try", cache.getOrLoad("k", key -> "second try"));
    }

    @Test
    void aLoaderThatAsksForItsOwnKeyFailsInsteadOfWaitingForItself() {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100));
        Function<String, String> loader = new Function<>() {
            @Override
            public String apply(String key) {
                return cache.getOrLoad(key, this);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.getOrLoad("k", loader));
        assertEquals("the loader of key k asked for the same key: it would wait for itself", e.getMessage());
        assertEquals("v", cache.getOrLoad("k", key -> "v"));
    }

    @Test
    void nullIsReturnedButNotCachedUnlessTheValueTypeIsOptional() {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100));
        AtomicInteger loads = new AtomicInteger();
        Function<String, String> lookup = cache.memoize(key -> {
            loads.incrementAndGet();
            return null;
        });
        assertNull(lookup.apply("k"));
        assertNull(lookup.apply("k"));
        assertEquals(2, loads.get());
        assertEquals(0, cache.size());

        @SuppressWarnings({"unchecked", "rawtypes"})
        ManagedCache<String, Optional<String>> absences = caches.create("absences", String.class,
                (Class<Optional<String>>) (Class) Optional.class, CacheSpec.builder().heapEntries(10).build());
        Function<String, Optional<String>> find = absences.memoize(key -> {
            loads.incrementAndGet();
            return Optional.empty();
        });
        assertEquals(Optional.empty(), find.apply("k"));
        assertEquals(Optional.empty(), find.apply("k"));
        assertEquals(3, loads.get());
    }

    @Test
    void patternInvalidationRemovesExactlyTheMatchingKeys() {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100));
        for (String key : List.of("user:42:name", "user:42:mail", "user:421:name", "user:4:name", "user:42",
                "order:42:1", "user:42*x", "user:42?")) {
            cache.put(key, "v");
        }
        assertEquals(2, cache.invalidateMatching("user:42:*"));
        assertEquals(0, cache.stats().gets(), "scanning the keys counts no lookups");
        assertEquals(keys("order:42:1", "user:421:name", "user:42", "user:4:name", "user:42*x", "user:42?"), keys(cache));
        assertEquals(1, cache.invalidateMatching("user:4??:name"));
        assertEquals(1, cache.invalidateMatching("user:42\\*x"));
        assertEquals(0, cache.invalidateMatching("nothing*"));
        assertEquals(keys("order:42:1", "user:42", "user:4:name", "user:42?"), keys(cache));
        assertEquals(4, cache.stats().removals());
        cache.clear();
        assertEquals(0, cache.size());
    }

    @Test
    void badInputIsRefusedWithAMessageAndChangesNothing() {
        ManagedCache<String, String> cache = create(CacheSpec.builder().heapEntries(100).entryBounds(10, 200)
                .timeToLive(Duration.ofMinutes(5)));
        cache.put("user:1", "v");

        assertMessage("maxEntries must be between 10 and 200 but was 0", () -> cache.resize(0));
        assertMessage("maxEntries must be between 10 and 200 but was -5", () -> cache.resize(-5));
        assertMessage("maxEntries must be between 10 and 200 but was 201", () -> cache.resize(201));
        assertEquals(100, cache.maxEntries());

        assertMessage("timeToLive must not be negative but was PT-1S", () -> cache.timeToLive(Duration.ofSeconds(-1)));
        assertEquals(Optional.of(Duration.ofMinutes(5)), cache.timeToLive());

        assertMessage("glob must not be empty but was ''", () -> cache.invalidateMatching(""));
        assertMessage("glob must not end in a lone '\\' (escape it as '\\\\') but was 'user:\\'",
                () -> cache.invalidateMatching("user:\\"));
        assertEquals(1, cache.size());

        assertMessage("cache name 'users' is already taken in this runtime",
                () -> caches.create("users", String.class, String.class, CacheSpec.builder().heapEntries(5).build()));
        assertMessage("cache name 'no good' is not a legal ObjectName value: use 1 to 64 letters, digits, '.', '_'"
                        + " or '-', starting with a letter or digit",
                () -> caches.create("no good", String.class, String.class, CacheSpec.builder().heapEntries(5).build()));
        assertEquals(List.of("users"), caches.names());

        ManagedCache<Long, String> numbers = caches.create("numbers", Long.class, String.class,
                CacheSpec.builder().heapEntries(5).build());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> numbers.invalidateMatching("1*"));
        assertEquals("cache 'numbers' has Long keys; invalidateMatching needs String keys", e.getMessage());
    }

    private static void assertMessage(String message, Runnable action) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, action::run).getMessage());
    }

    private static Set<String> keys(String... keys) {
        return new TreeSet<>(List.of(keys));
    }

    private static Set<String> keys(ManagedCache<String, String> cache) {
        Set<String> keys = new TreeSet<>();
        for (Cache.Entry<String, String> entry : cache.unwrap()) {
            keys.add(entry.getKey());
        }
        return keys;
    }

    /** Waits until {@code n} lookups have missed: every caller is past its get and in the single flight. */
    private static void awaitMisses(ManagedCache<?, ?> cache, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (cache.stats().misses() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, cache.stats().misses());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
