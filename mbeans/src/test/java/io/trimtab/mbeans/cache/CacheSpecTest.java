package io.trimtab.mbeans.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CacheSpecTest {

    @Test
    void defaultsLetTheCacheShrinkButNotGrow() {
        CacheSpec spec = CacheSpec.builder().heapEntries(500).build();
        assertEquals(new CacheSpec(500, 0, Duration.ZERO, Duration.ZERO, 1, 500), spec);
    }

    @Test
    void badValuesAreNamedWithTheirLimits() {
        assertMessage(IllegalStateException.class, "heapEntries is required", CacheSpec.builder());
        assertMessage(IllegalArgumentException.class, "heapEntries must be at least 1 but was 0",
                CacheSpec.builder().heapEntries(0));
        assertMessage(IllegalArgumentException.class, "offHeapBytes must be 0 (none) or more but was -1",
                CacheSpec.builder().heapEntries(10).offHeapBytes(-1));
        assertMessage(IllegalArgumentException.class, "timeToLive must not be negative but was PT-1S",
                CacheSpec.builder().heapEntries(10).timeToLive(Duration.ofSeconds(-1)));
        assertMessage(IllegalStateException.class,
                "timeToLive (PT1S) and timeToIdle (PT2S) cannot be combined: Ehcache keeps one expiry per entry",
                CacheSpec.builder().heapEntries(10).timeToLive(Duration.ofSeconds(1)).timeToIdle(Duration.ofSeconds(2)));
        assertMessage(IllegalArgumentException.class, "minEntries must be at least 1 but was 0",
                CacheSpec.builder().heapEntries(10).entryBounds(0, 10));
        assertMessage(IllegalArgumentException.class, "maxEntries must be at least minEntries 20 but was 10",
                CacheSpec.builder().heapEntries(10).entryBounds(20, 10));
        assertMessage(IllegalArgumentException.class,
                "heapEntries must be between minEntries 20 and maxEntries 100 but was 10",
                CacheSpec.builder().heapEntries(10).entryBounds(20, 100));
    }

    @Test
    void statsSubtractAndSaturateAfterAReset() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        CacheStats before = new CacheStats(t0, 10, 7, 3, 4, 1, 0, 0, 2, 2_000);
        CacheStats after = new CacheStats(t0.plusSeconds(5), 30, 22, 8, 9, 1, 2, 1, 3, 5_000);
        CacheStats interval = after.minus(before);
        assertEquals(new CacheStats(t0.plusSeconds(5), 20, 15, 5, 5, 0, 2, 1, 1, 3_000), interval);
        assertEquals(0.75, interval.hitRatio());
        assertEquals(3.0, interval.averageGetMicros());
        assertEquals(CacheStats.empty(t0), CacheStats.empty(t0).minus(after));
        assertEquals(0.0, CacheStats.empty(t0).hitRatio());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CacheStats(t0, -1, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals("gets must not be negative but was -1", e.getMessage());
    }

    private static void assertMessage(Class<? extends RuntimeException> type, String message, CacheSpec.Builder builder) {
        assertEquals(message, assertThrows(type, builder::build).getMessage());
    }
}
