package io.trimtab.mbeans.cache.internal;

import io.trimtab.mbeans.cache.MissRatioCurve;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cache's miss-ratio curve from miniature simulations (Waldspurger et al., USENIX ATC 2017) fed by a spatially
 * hashed sample of its key stream (SHARDS, FAST 2015), in fixed memory: at most {@value #MAX_KEYS} sampled keys. A
 * lookup whose key hashes below the sampling threshold R leaves its hash and time in a small ring, and nothing else;
 * the sampler thread drains the ring into {@value #SIZES} {@link MiniatureCache}s, each the size of a real one times
 * R, evicting as Ehcache does. A miniature's hit ratio predicts the real cache's at that size; between them the
 * curve is interpolated. When more keys are sampled than fit, or the ring overflows, R falls and the keys above it are
 * dropped. Counts halve past {@value #DECAY_AT} references, so the curve follows the recent traffic.
 */
public final class MissRatioSampler {

    static final int MAX_KEYS = 8_192;
    static final int SIZES = 12;
    static final int RING = 16_384;
    /** References dropped between two drains past which the sampling rate halves. */
    static final int TOLERATED_DROPS = RING / 8;
    static final double DECAY_AT = 200_000;
    /**
     * Entries below which a miniature does not stand for its size: at a low sampling rate the smallest sizes have
     * miniatures of a few entries, whose hit ratio is off by points (7.7 of them for a looping scan of 50,000 keys
     * at 100 entries, a miniature of 16); such sizes are not predicted.
     */
    static final int MIN_MINIATURE = 32;
    /** Sampled references below which the curve is not trusted for a prediction. */
    static final double MIN_REFERENCES = 1_000;
    private static final int HASH_SPACE = 1 << 24;
    private static final long PRESENT = 1L << 63;
    /** The clock's low 31 bits travel with a sampled reference: 24 days, far beyond any two accesses compared. */
    private static final long MILLIS = (1L << 31) - 1;

    private final long[] sizes;
    private final MiniatureCache[] miniatures = new MiniatureCache[SIZES];
    private final AtomicLongArray ring = new AtomicLongArray(RING);
    private final AtomicLong cursor = new AtomicLong();
    private volatile int threshold = HASH_SPACE;
    private final LongAdder lookups = new LongAdder();
    private final AtomicLong dropped = new AtomicLong();

    // the sampler thread's, under this object's lock
    private long read;
    private final TreeSet<Integer> sampledKeys = new TreeSet<>();
    private double references;
    /** Sampled references expected from the lookups at the sampling rate: SHARDS_adj's correction for hot keys. */
    private double expected;
    private long lookupsSeen;
    private long droppedSeen;

    /** Simulates sizes from {@code smallest} to {@code largest} entries, spaced evenly on a log scale. */
    public MissRatioSampler(long smallest, long largest) {
        sizes = new long[SIZES];
        double low = Math.log(Math.max(1, smallest));
        double high = Math.log(Math.max(smallest, largest));
        for (int i = 0; i < SIZES; i++) {
            sizes[i] = Math.round(Math.exp(low + (high - low) * i / (SIZES - 1)));
            miniatures[i] = new MiniatureCache(sizes[i], (int) Math.min(Integer.MAX_VALUE, sizes[i]));
        }
    }

    /** On every lookup: a hash and a comparison, and for a sampled key a clock read and one slot of the ring. */
    public void offer(Object key) {
        lookups.increment();
        int hashCode = key.hashCode();
        if (sampleHash(hashCode) >= threshold) {
            return;
        }
        int slot = (int) (cursor.getAndIncrement() & (RING - 1));
        long entry = PRESENT | ((System.currentTimeMillis() & MILLIS) << 32) | (hashCode & 0xFFFFFFFFL);
        if (!ring.compareAndSet(slot, 0, entry)) {
            dropped.incrementAndGet(); // the ring is behind; past a few, the next drain samples fewer keys
        }
    }

    /**
     * Takes in the sampled references left since the last drain. If the ring dropped more than a few meanwhile, the
     * sampling rate halves first: dropping references in time distorts the simulations, dropping keys in hash space
     * does not.
     */
    public synchronized void drain() {
        long lost = dropped.get();
        if (lost - droppedSeen > TOLERATED_DROPS) {
            lower(Math.max(1, threshold / 2));
            restart();
        }
        long now = lookups.sum();
        expected += (now - lookupsSeen) * ((double) threshold / HASH_SPACE) - (lost - droppedSeen);
        lookupsSeen = now;
        droppedSeen = lost;
        for (int i = 0; i < RING; i++) {
            int slot = (int) (read & (RING - 1));
            long entry = ring.get(slot);
            if (entry == 0) {
                return;
            }
            ring.set(slot, 0);
            read++;
            int hashCode = (int) entry;
            int key = sampleHash(hashCode);
            if (key < threshold) {
                reference(hashCode, key, (entry >>> 32) & MILLIS);
            }
        }
    }

    private void reference(int hashCode, int key, long millis) {
        if (sampledKeys.add(key) && sampledKeys.size() > MAX_KEYS) {
            lower(sampledKeys.last());
            if (key >= threshold) {
                return;
            }
        }
        for (MiniatureCache miniature : miniatures) {
            miniature.reference(hashCode, key, millis);
        }
        references += 1;
        if (references > DECAY_AT) {
            references /= 2;
            expected /= 2;
            for (MiniatureCache miniature : miniatures) {
                miniature.hits /= 2;
            }
        }
    }

    /**
     * Samples only keys below {@code next} from now on, and scales the miniatures and the counts to the new rate (as
     * fixed-size SHARDS rescales its histogram), so that references counted at the old rate do not outweigh the new.
     */
    private void lower(int next) {
        double factor = (double) next / threshold;
        threshold = next;
        references *= factor;
        expected *= factor;
        sampledKeys.tailSet(next, true).clear();
        double rate = (double) next / HASH_SPACE;
        for (int i = 0; i < SIZES; i++) {
            miniatures[i].dropFrom(next);
            miniatures[i].scale((int) Math.max(1, Math.round(sizes[i] * rate)), rate);
            miniatures[i].hits *= factor;
        }
    }

    /**
     * Counts start again after the rate halves at once: hits counted at twice the rate, on keys since dropped, would
     * bias the curve at the new one (the small steps of the key limit keep them, as SHARDS does).
     */
    private void restart() {
        references = 0;
        expected = 0;
        for (MiniatureCache miniature : miniatures) {
            miniature.hits = 0;
        }
    }

    /** The hit ratio at {@code entries} on the traffic seen lately; empty while too few references were sampled. */
    public synchronized OptionalDouble hitRatioAt(long entries) {
        drain();
        if (references < MIN_REFERENCES) {
            return OptionalDouble.empty();
        }
        if (entries <= sizes[0]) {
            return reliable(0) ? OptionalDouble.of(ratio(0)) : OptionalDouble.empty();
        }
        for (int i = 1; i < SIZES; i++) {
            if (entries <= sizes[i]) {
                if (!reliable(i - 1) || !reliable(i)) {
                    return OptionalDouble.empty();
                }
                double position = (Math.log(entries) - Math.log(sizes[i - 1])) / (Math.log(sizes[i]) - Math.log(sizes[i - 1]));
                return OptionalDouble.of(ratio(i - 1) + (ratio(i) - ratio(i - 1)) * position);
            }
        }
        return reliable(SIZES - 1) ? OptionalDouble.of(ratio(SIZES - 1)) : OptionalDouble.empty();
    }

    /** Whether the miniature for size {@code i} is large enough to stand for it, or holds the whole sample anyway. */
    private boolean reliable(int i) {
        return miniatures[i].capacity() >= Math.min(MIN_MINIATURE, sizes[i]);
    }

    /**
     * A miniature's hit ratio, adjusted as SHARDS_adj adjusts its histogram: when the sampled keys drew more (or fewer)
     * references than the sampling rate predicts, typically because a hot key was or was not sampled, the surplus is
     * taken from the hits and the ratio computed over the expected count.
     */
    private double ratio(int i) {
        if (expected < MIN_REFERENCES) {
            return Math.min(1, miniatures[i].hits / references);
        }
        return Math.max(0, Math.min(1, (miniatures[i].hits - (references - expected)) / expected));
    }

    /** The curve at the simulated sizes. */
    public synchronized MissRatioCurve curve() {
        drain();
        double[] hitRatios = new double[SIZES];
        for (int i = 0; i < SIZES; i++) {
            hitRatios[i] = references < MIN_REFERENCES || !reliable(i) ? Double.NaN : ratio(i);
        }
        return new MissRatioCurve(sizes.clone(), hitRatios, (double) threshold / HASH_SPACE, (long) references);
    }

    /** Where a key falls in the sampled space: Murmur3's finalizer spreads sequential hash codes (Integer, Long). */
    private static int sampleHash(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return (h ^ (h >>> 16)) & (HASH_SPACE - 1);
    }
}
