package io.trimtab.mbeans.optimizer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A small LRU cache under a uniform load over a fixed working set, publishing the documented cache
 * signals and its maxEntries knob: a stand-in for a managed cache, built on Trimtab's own interfaces.
 */
final class LruCacheModel {

    private final String name;
    private final int workingSet;
    private final Random random = new Random(42);
    private volatile int maxEntries;
    private final LinkedHashMap<Integer, Integer> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Integer> eldest) {
            if (size() > maxEntries) {
                evictions++;
                return true;
            }
            return false;
        }
    };
    private long hits;
    private long misses;
    private long evictions;
    private double lastHitRatio;
    private double lastEvictions;

    LruCacheModel(String name, int maxEntries, int workingSet) {
        this.name = name;
        this.maxEntries = maxEntries;
        this.workingSet = workingSet;
    }

    /** Serves {@code n} gets, loading misses; then fixes the figures of this interval for the signals. */
    void serve(int n) {
        hits = 0;
        misses = 0;
        evictions = 0;
        for (int i = 0; i < n; i++) {
            int key = random.nextInt(workingSet);
            if (entries.get(key) != null) {
                hits++;
            } else {
                misses++;
                entries.put(key, key);
            }
        }
        lastHitRatio = (double) hits / n;
        lastEvictions = evictions;
    }

    int maxEntries() {
        return maxEntries;
    }

    void publish(SignalRegistry registry, int min, int max, long bytesPerEntry) {
        registry.publish(new Signal("cache." + name + ".hitRatio", "ratio", () -> lastHitRatio));
        registry.publish(new Signal("cache." + name + ".evictions", "count", () -> lastEvictions));
        registry.publish(new Signal("cache." + name + ".fill", "ratio", () -> (double) entries.size() / maxEntries));
        registry.publish(Knob.builder("cache." + name + ".maxEntries").bounds(min, max).integral().bytesPerUnit(bytesPerEntry)
                .tag(Knob.SHRINKABLE).reader(() -> maxEntries).setter(v -> shrinkTo((int) v)).build());
    }

    private void shrinkTo(int max) {
        maxEntries = max;
        var it = entries.entrySet().iterator();
        while (entries.size() > max && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
