package io.trimtab.prometheus;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.trimtab.mbeans.cache.CacheStats;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.cache.ClusterState;
import io.trimtab.mbeans.cache.ManagedCache;
import io.trimtab.mbeans.cache.TierStats;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every managed cache, labelled {@code cache}: its counters as Ehcache's statistics hold them, each tier's lookups,
 * its size and its bound, and for a clustered cache whether its server is reachable. A scrape reads one statistics
 * snapshot per cache, as a JMX read of the Cache MBean does.
 */
final class CacheCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(CacheCollector.class);

    private final Caches caches;

    CacheCollector(Caches caches) {
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    @Override
    public MetricSnapshots collect() {
        Families families = new Families();
        Families.Counter requests = families.counter("trimtab_cache_requests",
                "Lookups of a managed cache, by result: hit (a value was found) or miss.");
        Families.Counter puts = families.counter("trimtab_cache_puts", "Values written to a managed cache.");
        Families.Counter removals = families.counter("trimtab_cache_removals",
                "Entries removed from a managed cache by callers; a clear is not counted per entry.");
        Families.Counter evictions = families.counter("trimtab_cache_evictions",
                "Entries a managed cache dropped to respect its size bound.");
        Families.Counter expirations = families.counter("trimtab_cache_expirations",
                "Entries a managed cache dropped because they expired.");
        Families.Gauge entries = families.gauge("trimtab_cache_entries",
                "Entries in a managed cache now (the off-heap tier's count when it has one).");
        Families.Gauge maxEntries = families.gauge("trimtab_cache_max_entries",
                "Heap size bound of a managed cache in entries now in effect; absent when the heap is sized in bytes.");
        Families.Gauge minBound = families.gauge("trimtab_cache_min_entries_bound",
                "Smallest heap size in entries the optimizer or an operator may resize a managed cache to.");
        Families.Gauge maxBound = families.gauge("trimtab_cache_max_entries_bound",
                "Largest heap size in entries the optimizer or an operator may resize a managed cache to.");
        Families.Counter tierRequests = families.counter("trimtab_cache_tier_requests",
                "Lookups a tier of a managed cache answered (hit) or passed on to the tier below (miss), by tier:"
                        + " OnHeap, OffHeap, Clustered.");
        Families.Gauge clusterConnected = families.gauge("trimtab_cache_cluster_connected",
                "1 while the Terracotta server of a clustered cache is reachable, 0 while it is lost.");
        for (ManagedCache<?, ?> cache : caches.all()) {
            Labels labels = Labels.of("cache", cache.name());
            try {
                CacheStats stats = cache.stats();
                requests.add(stats.hits(), labels.add("result", "hit"));
                requests.add(stats.misses(), labels.add("result", "miss"));
                puts.add(stats.puts(), labels);
                removals.add(stats.removals(), labels);
                evictions.add(stats.evictions(), labels);
                expirations.add(stats.expirations(), labels);
                entries.add(cache.size(), labels);
                maxEntries.addKnown(cache.maxEntries(), labels);
                minBound.addKnown(cache.minEntriesBound(), labels);
                maxBound.addKnown(cache.maxEntriesBound(), labels);
                for (TierStats tier : cache.tiers()) {
                    tierRequests.add(tier.hits(), labels.add("tier", tier.tier()).add("result", "hit"));
                    tierRequests.add(tier.misses(), labels.add("tier", tier.tier()).add("result", "miss"));
                }
                ClusterState cluster = cache.clusterState();
                if (cluster != ClusterState.NOT_CLUSTERED) {
                    clusterConnected.add(cluster.connected() ? 1 : 0, labels);
                }
            } catch (RuntimeException e) {
                // A cache closed while the scrape ran: it is gone from the next one.
                LOG.debug("Cache '{}' not scraped: {}", cache.name(), e.toString());
            }
        }
        return families.snapshots();
    }
}
