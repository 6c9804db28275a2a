package io.trimtab.mbeans.cache.internal;

import io.trimtab.mbeans.cache.CacheStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small ring of snapshots for figures over the last minute. A snapshot is kept at most every
 * {@link #RESOLUTION}; the baseline of the recent interval is the newest snapshot at least {@link #WINDOW}
 * old (or the oldest kept, while the cache is younger than that), so the interval spans one to about 1.1
 * windows when sampled often, and reaches back to the last sample when sampled rarely.
 */
final class RecentWindow {

    static final Duration WINDOW = Duration.ofSeconds(60);
    static final Duration RESOLUTION = Duration.ofSeconds(5);

    private final Deque<CacheStats> ring = new ArrayDeque<>();

    RecentWindow(CacheStats initial) {
        ring.addLast(initial);
    }

    /** Keeps {@code now} if the last kept snapshot is at least a resolution old; returns the recent interval. */
    synchronized CacheStats record(CacheStats now) {
        if (!now.at().isBefore(ring.getLast().at().plus(RESOLUTION))) {
            ring.addLast(now);
        }
        while (ring.size() > 1 && !secondOldest().at().isAfter(now.at().minus(WINDOW))) {
            ring.removeFirst();
        }
        return now.minus(ring.getFirst());
    }

    /** Forgets every snapshot; {@code fresh} becomes the baseline. */
    synchronized void reset(CacheStats fresh) {
        ring.clear();
        ring.addLast(fresh);
    }

    private CacheStats secondOldest() {
        var it = ring.iterator();
        it.next();
        return it.next();
    }
}
