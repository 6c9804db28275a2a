package io.trimtab.mbeans.cache.internal;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.cache.CacheMXBean;

/**
 * The figures of one cache as gauges, {@code trimtab.cache.<name>.<figure>}, read from the cache only when
 * the registry is read: they add nothing to the hot path.
 */
public final class CacheMetrics {

    private CacheMetrics() {
    }

    public static String prefix(String cacheName) {
        return MetricRegistry.name("trimtab", "cache", cacheName) + ".";
    }

    /** Registers the gauges of a cache whose name is new to the registry. */
    public static void register(MetricRegistry metrics, String cacheName, CacheMXBean bean) {
        String prefix = prefix(cacheName);
        metrics.register(prefix + "size", (Gauge<Long>) bean::getSize);
        metrics.register(prefix + "maxEntries", (Gauge<Long>) bean::getMaxEntries);
        metrics.register(prefix + "ttlSeconds", (Gauge<Long>) bean::getTtlSeconds);
        metrics.register(prefix + "gets", (Gauge<Long>) bean::getGets);
        metrics.register(prefix + "hits", (Gauge<Long>) bean::getHits);
        metrics.register(prefix + "misses", (Gauge<Long>) bean::getMisses);
        metrics.register(prefix + "hitRatio", (Gauge<Double>) bean::getHitRatio);
        metrics.register(prefix + "recentHitRatio", (Gauge<Double>) bean::getRecentHitRatio);
        metrics.register(prefix + "puts", (Gauge<Long>) bean::getPuts);
        metrics.register(prefix + "removals", (Gauge<Long>) bean::getRemovals);
        metrics.register(prefix + "evictions", (Gauge<Long>) bean::getEvictions);
        metrics.register(prefix + "expirations", (Gauge<Long>) bean::getExpirations);
        metrics.register(prefix + "averageGetMicros", (Gauge<Double>) bean::getAverageGetMicros);
    }

    /** Removes every gauge of the cache. */
    public static void remove(MetricRegistry metrics, String cacheName) {
        metrics.removeMatching(MetricFilter.startsWith(prefix(cacheName)));
    }
}
