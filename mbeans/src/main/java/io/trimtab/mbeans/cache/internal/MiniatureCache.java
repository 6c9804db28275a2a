package io.trimtab.mbeans.cache.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A cache of sampled keys that evicts as Ehcache's heap tier does. Ehcache keeps one traverser sweeping its hash
 * table; each eviction reads the next {@value #SAMPLE} entries from where the last one stopped and drops the one with
 * the oldest last access (milliseconds; the first read wins a tie). So this keeps its keys in the order of the real
 * table's buckets ({@code spread(hashCode)} modulo the table size for the real cache's size) and sweeps them the same
 * way, reading 8 x the sampling rate entries per eviction (rounded at random), the share of the table Ehcache reads. Neither LRU nor random eviction would do: on a looping scan over twice the cache, LRU hits nothing while
 * Ehcache hits about a fifth; on a Zipf workload LRU hits 10 points more than Ehcache.
 */
final class MiniatureCache {

    static final int SAMPLE = 8;

    private static final class Node {
        final int hashCode;
        final int sampleHash;
        long lastAccess;

        Node(int hashCode, int sampleHash, long lastAccess) {
            this.hashCode = hashCode;
            this.sampleHash = sampleHash;
            this.lastAccess = lastAccess;
        }
    }

    private final int tableMask;
    private final TreeMap<Long, Node> table = new TreeMap<>();
    private final Map<Integer, Long> position = new HashMap<>();
    private int capacity;
    /** Entries read per eviction: Ehcache's 8 times the sampling rate, as a miniature's table is that much sparser. */
    private double span = SAMPLE;
    private final Random random = new Random(0);
    private int sequence;
    private Long cursor;
    double hits;

    /** @param realSize the size of the real cache this one stands for, which decides the order of its buckets */
    MiniatureCache(long realSize, int capacity) {
        long buckets = Long.highestOneBit(Math.max(16, (long) Math.ceil(realSize / 0.75)) * 2 - 1);
        this.tableMask = (int) Math.min(1 << 30, buckets) - 1;
        this.capacity = Math.max(1, capacity);
    }

    /** One reference at {@code millis} to the key of {@code hashCode}; returns whether it hit. */
    boolean reference(int hashCode, int sampleHash, long millis) {
        Long at = position.get(hashCode);
        if (at != null) {
            table.get(at).lastAccess = millis;
            hits += 1;
            return true;
        }
        long key = ((long) (spread(hashCode) & tableMask) << 32) | (sequence++ & 0xFFFFFFFFL);
        table.put(key, new Node(hashCode, sampleHash, millis));
        position.put(hashCode, key);
        while (table.size() > capacity) {
            evict();
        }
        return false;
    }

    int capacity() {
        return capacity;
    }

    /** Changes the capacity and the sampling rate, evicting as the cache would down to it. */
    void scale(int capacity, double rate) {
        this.capacity = Math.max(1, capacity);
        this.span = SAMPLE * rate;
        while (table.size() > this.capacity) {
            evict();
        }
    }

    /** Drops every key whose sample hash is at or above {@code threshold}: no longer sampled. */
    void dropFrom(int threshold) {
        for (Iterator<Map.Entry<Long, Node>> it = table.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Node> entry = it.next();
            if (entry.getValue().sampleHash >= threshold) {
                position.remove(entry.getValue().hashCode);
                it.remove();
            }
        }
    }

    private void evict() {
        Long victim = null;
        long oldest = Long.MAX_VALUE;
        Long read = cursor;
        int reads = Math.max(1, (int) span + (random.nextDouble() < span - (int) span ? 1 : 0));
        for (int i = 0; i < reads && i < table.size(); i++) {
            Long next = read == null ? null : table.higherKey(read);
            read = next != null ? next : table.firstKey(); // the sweep wraps around the table
            long lastAccess = table.get(read).lastAccess;
            if (victim == null || lastAccess < oldest) {
                victim = read;
                oldest = lastAccess;
            }
        }
        cursor = read;
        position.remove(table.remove(victim).hashCode);
    }

    /** The bucket spread of Ehcache's (and the JDK's) concurrent hash map. */
    private static int spread(int h) {
        return (h ^ (h >>> 16)) & 0x7fffffff;
    }
}
