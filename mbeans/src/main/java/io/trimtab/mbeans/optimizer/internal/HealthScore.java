package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.HealthPenalty;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import java.util.ArrayList;
import java.util.List;

/**
 * The health score: 100 minus a penalty per component, each from 0 at its "good" value to its full weight
 * at its "bad" value, linear in between, taken from the worst resource publishing the signal. Weights sum to 100:
 * heap after GC 25 (0.70 to 0.95), process CPU 15 (0.70 to 1.0), GC time 15 (0.05 to 0.25), data-directory disk
 * 10 (0.85 to 0.98), pool utilization 10 (0.80 to 1.0), pool waiters 5 (0 to 10), cache hit ratio 10 (0.80 down
 * to 0.40), database query p99 10 (50 to 500 ms). A component whose signal is not published costs nothing.
 */
final class HealthScore {

    /** A penalty component: {@code signal} may hold one {@code *}. */
    record Component(String signal, double good, double bad, double weight) {
        double penalty(double value) {
            double share = (value - good) / (bad - good);
            return weight * Math.max(0, Math.min(1, share));
        }
    }

    static final List<Component> COMPONENTS = List.of(
            new Component("jvm.heap.usedAfterGcRatio", 0.70, 0.95, 25),
            new Component("jvm.cpu.process", 0.70, 1.0, 15),
            new Component("jvm.gc.timeRatio", 0.05, 0.25, 15),
            new Component("jvm.disk.usedRatio", 0.85, 0.98, 10),
            new Component("pool.*.utilization", 0.80, 1.0, 10),
            new Component("pool.*.waiters", 0, 10, 5),
            new Component("cache.*.hitRatio", 0.80, 0.40, 10),
            new Component("db.*.queryP99Millis", 50, 500, 10));

    private static final List<SignalPattern> PATTERNS = COMPONENTS.stream().map(c -> new SignalPattern(c.signal())).toList();

    /** A window that feeds a component. */
    private record Feed(SignalWindow window, int component) {
    }

    private final SignalRegistry registry;
    private long feedsVersion = -1;
    private List<Feed> feeds = List.of();
    private volatile List<HealthPenalty> penalties = List.of();

    HealthScore(SignalRegistry registry) {
        this.registry = registry;
    }

    /** The score now; the windows feeding each component are matched again only when the registry changed. */
    int compute() {
        long version = registry.version();
        if (version != feedsVersion) {
            List<Feed> matched = new ArrayList<>();
            for (SignalWindow window : registry.windows()) {
                for (int i = 0; i < COMPONENTS.size(); i++) {
                    if (PATTERNS.get(i).bind(window.signal().name()) != null) {
                        matched.add(new Feed(window, i));
                    }
                }
            }
            feeds = List.copyOf(matched);
            feedsVersion = version;
        }
        double[] worst = new double[COMPONENTS.size()];
        Feed[] worstFeed = new Feed[COMPONENTS.size()];
        double[] worstValue = new double[COMPONENTS.size()];
        for (Feed feed : feeds) {
            double latest = feed.window().latest();
            int i = feed.component();
            double penalty = Double.isNaN(latest) ? 0 : COMPONENTS.get(i).penalty(latest);
            if (!Double.isNaN(latest) && (worstFeed[i] == null || penalty > worst[i])) {
                worst[i] = penalty;
                worstFeed[i] = feed;
                worstValue[i] = latest;
            }
        }
        double score = 100;
        List<HealthPenalty> costs = new ArrayList<>();
        for (int i = 0; i < worst.length; i++) {
            score -= worst[i];
            if (worstFeed[i] != null) {
                Component c = COMPONENTS.get(i);
                costs.add(new HealthPenalty(c.signal(), worstFeed[i].window().signal().name(), worstValue[i], c.good(),
                        c.bad(), c.weight(), worst[i]));
            }
        }
        penalties = List.copyOf(costs);
        return (int) Math.round(Math.max(0, score));
    }

    /** Every component fed by a signal at the last {@link #compute}, with what it cost (0 included). */
    List<HealthPenalty> penalties() {
        return penalties;
    }
}
