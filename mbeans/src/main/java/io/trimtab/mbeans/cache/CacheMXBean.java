package io.trimtab.mbeans.cache;

import io.trimtab.mbeans.jmx.Description;
import java.util.List;

/**
 * One managed cache: {@code <domain>:type=Cache,name=<name>}. Values are point-in-time; counters run from the
 * cache's creation or its last {@code resetStatistics}.
 */
@Description("An Ehcache 3 cache managed by Trimtab: size, expiry, statistics, live resize and invalidation."
        + " Values are point-in-time; counters run from creation or the last resetStatistics.")
public interface CacheMXBean {

    @Description("Key type of the cache (a class name); invalidate and expiresAt parse their key as this type.")
    String getKeyType();

    @Description("Value type of the cache (a class name).")
    String getValueType();

    @Description("True if the cache belongs to a CacheManager adopted by Trimtab; false if Trimtab created it.")
    boolean isAdopted();

    @Description("Entries in the cache now (the off-heap tier's count when the cache has one; the heap tier's for a"
            + " clustered cache, whose server does not report its count).")
    long getSize();

    @Description("Heap size in entries now in effect; -1 if the heap is sized in bytes. Change it with resize.")
    long getMaxEntries();

    @Description("Smallest heap size, in entries, that resize accepts.")
    long getMinEntriesBound();

    @Description("Largest heap size, in entries, that resize accepts.")
    long getMaxEntriesBound();

    @Description("Seconds an entry lives after it was written, 0 for never; -1 for an adopted cache, whose expiry"
            + " Ehcache fixed at its creation. Writable: applies to entries written from then on.")
    long getTtlSeconds();

    void setTtlSeconds(long ttlSeconds);

    @Description("Seconds an entry lives after its last read or write, 0 for never; -1 for an adopted cache."
            + " Writable: applies to entries written from then on and to others at their next read.")
    long getTtiSeconds();

    void setTtiSeconds(long ttiSeconds);

    @Description("Lookups (hits + misses).")
    long getGets();

    @Description("Lookups that found a value.")
    long getHits();

    @Description("Lookups that found none.")
    long getMisses();

    @Description("Hits divided by gets over the counters' lifetime, 0 to 1; 0 when there were no gets.")
    double getHitRatio();

    @Description("Hits divided by gets over about the last minute, 0 to 1; 0 when there were no gets.")
    double getRecentHitRatio();

    @Description("Values written.")
    long getPuts();

    @Description("Entries removed by callers (clear is not counted per entry).")
    long getRemovals();

    @Description("Entries dropped to respect the size bound.")
    long getEvictions();

    @Description("Entries dropped because they expired.")
    long getExpirations();

    @Description("Mean duration of a lookup through the managed cache in microseconds, measured on the 64 lookups"
            + " that follow each read of the statistics; 0 before any was timed.")
    double getAverageGetMicros();

    @Description("The counters of each tier, fastest first (OnHeap, then OffHeap and Clustered where the cache has"
            + " them): hits, misses, puts, removals, evictions, expirations, and mappings (-1 where Ehcache does not"
            + " know: the clustered tier's count is the server's). A heap miss goes on to the tier below.")
    List<TierStats> getTiers();

    @Description("The clustered tier as Ehcache holds it, e.g. '64 MB dedicated on 'main'' or 'shared pool 'fleet'';"
            + " empty without one. Fixed at creation.")
    String getClusteredTier();

    @Description("URI of the Terracotta server the clustered tier lives on (caches.cluster.uri); empty without one.")
    String getClusterUri();

    @Description("Where the cache stands with its cluster, looked at on each read: CONNECTED; DISCONNECTED (each read"
            + " or write of the clustered tier waits up to caches.cluster.operationTimeout, then Ehcache's resilience"
            + " strategy answers, a get as a miss); RECONNECTED (back after a loss; a restarted server comes back"
            + " empty); NOT_CLUSTERED without a clustered tier in Trimtab's own cache manager.")
    String getClusterState();

    @Description("When ClusterState last changed (or the caches connected), an ISO-8601 UTC instant; empty without a"
            + " cluster.")
    String getClusterStateSince();

    @Description("Losses of the cluster seen since the runtime's caches connected to it; 0 without a cluster.")
    long getClusterLosses();

    @Description("Sets the heap size in entries, within MinEntriesBound and MaxEntriesBound; shrinking evicts at"
            + " once. Returns the size now in effect. On a clustered cache it sizes the heap tier in front of the"
            + " cluster.")
    long resize(@Description("New heap size in entries.") long maxEntries);

    @Description("Refused with Ehcache's reason: a clustered tier cannot be resized while the cache runs ('Updating"
            + " CLUSTERED resource is not supported'), and nothing changes. Create the cache anew to change it.")
    void resizeClusteredTier(@Description("The size asked for, in MB.") long megabytes);

    @Description("Predicted hit ratio at 12 sizes spaced on a log scale across the entry bounds: what this cache would"
            + " have hit at each size on the traffic seen lately, from miniature caches fed a hashed sample of its keys"
            + " (SHARDS); NaN points while fewer than 1000 lookups were sampled. Absent for a heap sized in bytes.")
    MissRatioCurve getMissRatioCurve();

    @Description("Predicted hit ratio at a size within the entry bounds, on the traffic seen lately.")
    double predictHitRatio(@Description("Heap size in entries, within MinEntriesBound and MaxEntriesBound.") long entries);

    @Description("Removes one entry; returns whether it was cached.")
    boolean invalidate(@Description("The key, written as the cache's key type (String, Long or Integer keys).")
                       String key);

    @Description("Removes every entry whose String key matches a glob (* any run, ? one character, \\ escapes);"
            + " returns how many.")
    long invalidateMatching(@Description("Glob over the keys, e.g. user:42:*") String glob);

    @Description("Removes every entry.")
    void clear();

    @Description("Sets every counter back to zero.")
    void resetStatistics();

    @Description("When an entry expires: an ISO-8601 UTC instant, 'never', or 'not cached'. Does not touch the"
            + " entry; scans the cache.")
    String expiresAt(@Description("The key, written as the cache's key type (String, Long or Integer keys).")
                     String key);
}
