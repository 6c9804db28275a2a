package io.trimtab.dashboard;

import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.optimizer.SignalWindow;
import io.trimtab.mbeans.pool.Pools;
import io.trimtab.mbeans.sqlite.Databases;
import io.trimtab.mbeans.sqlite.IndexSuggestion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The document's resources, its bulk (every window, forecast, threshold and curve), as JSON text made once for what it
 * is made of: the page's polls between two samples, and every viewer's poll after one, get the text the first made.
 * What it is made of is read at each view, cheaply: the samples taken (the registry's version and its windows' counts),
 * the resources' names, the rules, each knob's value, bounds and pin, and the index suggestions. One text is kept for
 * whole windows and one for the newest {@code since} asked. While a page watches, the sampler makes the text of its
 * next poll right after each sample, so that no poll waits for the forecasts, the curves and the text.
 */
final class MadeOnce {

    /**
     * Everything a resources text depends on; two views with equal inputs get the same text.
     *
     * @param trends whether the text carries the forecasts and curves: not when no sample is newer than {@code since},
     *               as the page then holds those made for the same samples
     * @param newest the newest sample's time, which the page asks for samples since at its next poll
     */
    record Inputs(long since, boolean trends, long newest, long version, long appended, List<String> caches,
                  List<String> pools, List<String> databases, List<RuleSpec> rules, List<KnobState> knobs,
                  Map<String, List<IndexSuggestion>> suggestions) {
    }

    record KnobState(String name, double value, double min, double max, boolean pinned) {
    }

    private record Made(Inputs inputs, JsonText.Raw text) {
    }

    /** How long after a view the sampler still makes the text of the next poll ahead of it. */
    static final long WATCHED_MILLIS = 60_000;

    private volatile Made whole;
    private volatile Made latest;
    private volatile long viewedMillis = Long.MIN_VALUE;
    private volatile long nextSince;

    /** The inputs of a view asking for the samples since {@code since}, as they are now. */
    static Inputs inputs(long since, Optimizer optimizer, Caches caches, Pools pools, Databases databases) {
        SignalRegistry registry = optimizer.signals();
        long version = registry.version();
        long appended = 0;
        long newest = 0;
        for (SignalWindow window : registry.windows()) {
            appended += window.appended();
            if (window.size() > 0) {
                newest = Math.max(newest, window.lastTimes(1)[0]);
            }
        }
        List<KnobState> knobs = new ArrayList<>();
        for (Knob knob : registry.knobs()) {
            knobs.add(new KnobState(knob.name(), knob.value(), knob.min(), knob.max(), knob.isPinned()));
        }
        List<String> databaseNames = List.copyOf(databases.names());
        Map<String, List<IndexSuggestion>> suggestions = new LinkedHashMap<>();
        for (String name : databaseNames) {
            databases.get(name).ifPresent(db -> suggestions.put(name, db.management().getKnownIndexSuggestions()));
        }
        return new Inputs(since, since == 0 || newest > since, newest, version, appended, caches.names(), pools.names(),
                databaseNames, optimizer.rules(), knobs, suggestions);
    }

    /** The text of a view at {@code nowMillis}, which is remembered: its page's next poll asks for the samples since. */
    JsonText.Raw view(Inputs inputs, long nowMillis, Function<Inputs, Object> make) {
        viewedMillis = nowMillis;
        nextSince = inputs.newest();
        return text(inputs, make);
    }

    /** Whether a page viewed the document lately, at {@code nowMillis}. */
    boolean watched(long nowMillis) {
        return viewedMillis != Long.MIN_VALUE && nowMillis - viewedMillis <= WATCHED_MILLIS;
    }

    /** The {@code since} the last view's page will ask for at its next poll. */
    long nextSince() {
        return nextSince;
    }

    /** The text made for {@code inputs}, made now by {@code make} unless the last view's inputs were the same. */
    JsonText.Raw text(Inputs inputs, Function<Inputs, Object> make) {
        Made known = inputs.since() == 0 ? whole : latest;
        if (known != null && known.inputs().equals(inputs)) {
            return known.text();
        }
        Made made = new Made(inputs, JsonText.raw(make.apply(inputs), inputs.since() == 0 ? 1 << 20 : 1 << 16));
        if (inputs.since() == 0) {
            whole = made;
        } else {
            latest = made;
        }
        return made.text();
    }
}
