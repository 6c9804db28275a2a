package io.trimtab.dashboard;

import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.cache.Caches;
import io.trimtab.mbeans.optimizer.Forecast;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.RuleSpec;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalWindow;
import io.trimtab.mbeans.pool.Pools;
import io.trimtab.mbeans.sqlite.Databases;
import io.trimtab.mbeans.sqlite.IndexSuggestion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.management.ObjectName;

/**
 * The dashboard's one document, {@code api/state}: what the optimizer and the managed resources already hold, read and
 * copied, never recomputed. The health score and its penalties as of the last cycle; every cache, pool and database
 * with the windows of its signals (the sampler's own samples), the thresholds of the rules bound to each, the
 * optimizer's forecast and its knobs; the JVM's and any other published signals; alerts, pinned knobs, index
 * suggestions as the advisor last left them, and the journal's newest entries.
 *
 * <p>The resources, the bulk of it, are made into JSON text once for the samples, knobs, rules and suggestions they
 * show ({@link MadeOnce}): polls between two samples, and other viewers' polls, get that text.
 *
 * <p>A page keeps its copy of the windows and asks only for the samples since the newest it holds ({@code since}); each
 * signal says how many samples its window ever took ({@code appended}), so the page can tell whether it missed one
 * and then fetch the whole windows again. When no sample is newer than {@code since}, the forecasts and curves are left
 * out ({@code trends} false): the page holds those made for the same samples.
 */
final class DashboardState implements AutoCloseable {

    /** Journal entries in the document. */
    static final int JOURNAL_ENTRIES = 50;

    private final ManagementContext context;
    private final Optimizer optimizer;
    private final Caches caches;
    private final Pools pools;
    private final Databases databases;
    private final ObjectName optimizerName;
    private final RecentJournal journal;
    private final Trends trends;
    private final MadeOnce resourcesText = new MadeOnce();
    /** Tells this runtime's documents from those of an earlier one at the same address: a page's copy starts over. */
    private final String epoch = UUID.randomUUID().toString();

    DashboardState(ManagementContext context, Optimizer optimizer, Caches caches, Pools pools, Databases databases) {
        this.context = context;
        this.optimizer = optimizer;
        this.caches = caches;
        this.pools = pools;
        this.databases = databases;
        this.optimizerName = context.objectName("Optimizer", optimizer.name());
        this.journal = new RecentJournal(optimizer, context.registrar().server(), optimizerName, JOURNAL_ENTRIES);
        this.trends = new Trends(optimizer);
    }

    ObjectName optimizerName() {
        return optimizerName;
    }

    /**
     * The document as UTF-8 JSON in parts to be sent in turn, with the samples stamped {@code since} or later (0 for
     * whole windows); {@code canExec} tells the page whether to offer its controls.
     */
    List<byte[]> json(boolean canExec, long since) {
        return JsonText.utf8(document(canExec, since));
    }

    Map<String, Object> document(boolean canExec, long since) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("runtime", optimizer.name());
        doc.put("epoch", epoch);
        doc.put("since", since);
        doc.put("time", context.clock().millis());
        doc.put("mode", optimizer.mode().lowerCase());
        doc.put("canExec", canExec);
        doc.put("optimizer", optimizerName.toString());
        doc.put("windowSize", optimizer.config().windowSize());
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("score", optimizer.healthScore());
        health.put("penalties", JsonValues.of(optimizer.healthPenalties()));
        doc.put("health", health);
        MadeOnce.Inputs inputs = MadeOnce.inputs(since, optimizer, caches, pools, databases);
        doc.put("trends", inputs.trends());
        doc.put("resources", resourcesText.view(inputs, context.clock().millis(), this::resources));
        doc.put("alerts", JsonValues.of(optimizer.alerts()));
        doc.put("pinned", optimizer.signals().knobs().stream().filter(Knob::isPinned).map(Knob::name).sorted().toList());
        doc.put("journal", JsonValues.of(journal.entries()));
        return doc;
    }

    /**
     * After a sample, while a page watches: makes the resources' text its next poll will ask for (the samples since the
     * newest it was given), with the forecasts and curves of the new samples.
     */
    void sampled() {
        if (resourcesText.watched(context.clock().millis())) {
            resourcesText.text(MadeOnce.inputs(resourcesText.nextSince(), optimizer, caches, pools, databases),
                    this::resources);
        }
    }

    /** Caches, pools and databases in the order their managers list them, then the other publishers by kind. */
    private List<Object> resources(MadeOnce.Inputs inputs) {
        Map<String, List<SignalWindow>> windows = new TreeMap<>();
        for (SignalWindow window : optimizer.signals().windows()) {
            windows.computeIfAbsent(section(window.signal().name()), key -> new ArrayList<>()).add(window);
        }
        Map<String, List<Knob>> knobs = new TreeMap<>();
        for (Knob knob : optimizer.signals().knobs()) {
            knobs.computeIfAbsent(section(knob.name()), key -> new ArrayList<>()).add(knob);
        }
        Sections sections = inputs.trends()
                ? new Sections(inputs.since(), windows, knobs, inputs.rules(), trends.forecasts(), trends.curves())
                : new Sections(inputs.since(), windows, knobs, inputs.rules(), Map.of(), Map.of());
        List<Object> resources = new ArrayList<>();
        for (String name : inputs.caches()) {
            resources.add(sections.resource("cache", name, context.objectName("Cache", name)));
        }
        for (String name : inputs.pools()) {
            resources.add(sections.resource("pool", name, context.objectName(Pools.MBEAN_TYPE, name)));
        }
        for (String name : inputs.databases()) {
            Map<String, Object> database = sections.resource("db", name, context.objectName("Database", name));
            List<IndexSuggestion> suggestions = inputs.suggestions().get(name);
            if (suggestions != null) {
                database.put("suggestions", JsonValues.of(suggestions));
            }
            resources.add(database);
        }
        TreeSet<String> others = new TreeSet<>(windows.keySet());
        others.addAll(knobs.keySet());
        for (String key : others) {
            resources.add(sections.resource(key, key, null));
        }
        return resources;
    }

    /** A cache's, pool's or database's signals go to its own section ({@code cache.users}); others to their kind's. */
    private static String section(String name) {
        String kind = name.substring(0, name.indexOf('.'));
        boolean managed = kind.equals("cache") || kind.equals("pool") || kind.equals("db");
        return managed ? Signal.resourceOf(name) : kind;
    }

    /** Builds the sections, each taking its windows and knobs out of the maps so that none is listed twice. */
    private record Sections(long since, Map<String, List<SignalWindow>> windows, Map<String, List<Knob>> knobs, List<RuleSpec> rules,
                            Map<String, Forecast> forecasts, Map<String, Trends.Curve> curves) {

        Map<String, Object> resource(String kind, String name, ObjectName mbean) {
            String key = kind.equals(name) ? kind : kind + "." + name;
            List<SignalWindow> own = windows.getOrDefault(key, List.of());
            windows.remove(key);
            own.sort(Comparator.comparing(w -> w.signal().name()));
            List<SignalWindow.Samples> samples = new ArrayList<>(own.size());
            for (SignalWindow window : own) {
                samples.add(window.samplesSince(since));
            }
            long[] shared = sharedTimes(samples);
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("kind", kind);
            resource.put("name", name);
            resource.put("mbean", mbean == null ? null : mbean.toString());
            resource.put("t", shared);
            List<Object> signals = new ArrayList<>();
            for (int i = 0; i < own.size(); i++) {
                signals.add(signal(key, own.get(i).signal(), samples.get(i), shared == null));
            }
            resource.put("signals", signals);
            List<Object> ownKnobs = new ArrayList<>();
            for (Knob knob : knobs.getOrDefault(key, List.of())) {
                ownKnobs.add(knob(knob));
            }
            knobs.remove(key);
            resource.put("knobs", ownKnobs);
            return resource;
        }

        /** The sample times, when every window of the section holds the same ones (they are sampled together). */
        private static long[] sharedTimes(List<SignalWindow.Samples> samples) {
            long[] shared = null;
            for (SignalWindow.Samples window : samples) {
                if (shared == null) {
                    shared = window.times();
                } else if (!Arrays.equals(shared, window.times())) {
                    return null;
                }
            }
            return shared;
        }

        /** A signal of the section {@code key}: its figure is its name without the key, e.g. {@code heap.usedRatio}. */
        private Map<String, Object> signal(String key, Signal published, SignalWindow.Samples samples, boolean ownTimes) {
            String name = published.name();
            Map<String, Object> signal = new LinkedHashMap<>();
            signal.put("name", name);
            signal.put("figure", name.substring(key.length() + 1));
            signal.put("unit", published.unit());
            if (ownTimes) {
                signal.put("t", samples.times());
            }
            signal.put("v", JsonValues.compact(samples.values()));
            signal.put("appended", samples.appended());
            signal.put("thresholds", thresholds(name));
            Forecast forecast = forecasts.get(name);
            if (forecast != null) {
                signal.put("forecast", JsonValues.of(forecast));
            }
            return signal;
        }

        /** The levels of the rules bound to the signal; a rising-trend rule's threshold is an R², not a level. */
        private List<Object> thresholds(String signal) {
            List<Object> levels = new ArrayList<>();
            for (RuleSpec rule : rules) {
                if (rule.comparison() != RuleSpec.Comparison.RISING && binds(rule.signal(), signal)) {
                    Map<String, Object> level = new LinkedHashMap<>();
                    level.put("rule", rule.name());
                    level.put("comparison", rule.comparison().name());
                    level.put("threshold", rule.threshold());
                    level.put("clear", rule.clearThreshold());
                    level.put("mode", rule.mode().lowerCase());
                    levels.add(level);
                }
            }
            return levels;
        }

        private Map<String, Object> knob(Knob knob) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("name", knob.name());
            object.put("value", JsonValues.compact(knob.value()));
            object.put("min", JsonValues.compact(knob.min()));
            object.put("max", knob.max() == Double.MAX_VALUE ? null : JsonValues.compact(knob.max()));
            object.put("integral", knob.integral());
            object.put("pinned", knob.isPinned());
            Trends.Curve curve = curves.get(knob.name());
            if (curve != null) {
                object.put("curve", JsonValues.of(curve));
            }
            return object;
        }
    }

    /** Whether a rule's signal, with at most one {@code *} for a resource name, binds to {@code signal}. */
    static boolean binds(String pattern, String signal) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(signal);
        }
        int suffix = pattern.length() - star - 1;
        return signal.length() > star + suffix && signal.regionMatches(0, pattern, 0, star)
                && signal.regionMatches(signal.length() - suffix, pattern, star + 1, suffix);
    }

    @Override
    public void close() {
        journal.close();
    }
}
