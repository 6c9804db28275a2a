package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.advisor.Plan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Whether the indexes the advisor kept are still used, as Oracle's automatic indexing asks of its own. At each
 * advice run, a kept index that no plan of the statements run since the run before uses counts one more unused
 * run; one that a plan uses starts over. A run after which nothing of the workload ran counts for nothing, so an
 * idle application loses no index. An index unused in {@link #RUNS} runs in a row spanning at least
 * {@link #WINDOW} of the database's clock becomes {@code unused}: reported, and dropped by
 * {@link IndexAdvisor#dropUnused()}, which the {@code db.slowFullScan} rule runs in {@code auto}.
 */
final class IndexUse {

    static final int RUNS = 3;
    static final Duration WINDOW = Duration.ofHours(1);

    /** Each fingerprint's executions at the previous run; statistics start over at a restart, and so does this. */
    private final Map<String, Long> callsBefore = new HashMap<>();

    /**
     * Updates the kept and unused suggestions of {@code suggestions} from the plans of this run.
     *
     * @param plans each planned statement's plan, by fingerprint: the workload and every statement a kept index
     *              served when it was proposed
     * @param calls a fingerprint's executions so far
     */
    void observe(Map<String, IndexSuggestion> suggestions, Map<String, Plan> plans, ToLongFunction<String> calls,
                 Instant now) {
        Set<String> used = new HashSet<>();
        boolean anyRan = false;
        for (Map.Entry<String, Plan> planned : plans.entrySet()) {
            long count = calls.applyAsLong(planned.getKey());
            Long before = callsBefore.put(planned.getKey(), count);
            if (count > (before == null ? 0 : before)) {
                anyRan = true;
                used.addAll(planned.getValue().indexes());
            }
        }
        if (!anyRan) {
            return;
        }
        suggestions.replaceAll((id, s) -> {
            if (!s.status().equals("kept") && !s.status().equals("unused")) {
                return s;
            }
            if (used.contains(s.indexName().toLowerCase(Locale.ROOT))) {
                return s.withUse("kept", 0, "");
            }
            String since = s.unusedSince().isEmpty() ? now.toString() : s.unusedSince();
            int runs = s.unusedRuns() + 1;
            boolean overWindow = runs >= RUNS && !Duration.between(Instant.parse(since), now).minus(WINDOW).isNegative();
            return s.withUse(overWindow ? "unused" : "kept", runs, since);
        });
    }

    /** Why an unused index goes, in words for its outcome. */
    static String why(IndexSuggestion unused, Instant now) {
        Duration over = Duration.between(Instant.parse(unused.unusedSince()), now);
        return String.format(Locale.ROOT, "no plan of the workload used it in %d advice runs over %.1f h since %s",
                unused.unusedRuns(), over.toMinutes() / 60.0, unused.unusedSince());
    }

    /** The suggestions whose index is unused. */
    static List<IndexSuggestion> unused(Iterable<IndexSuggestion> suggestions) {
        List<IndexSuggestion> found = new ArrayList<>();
        suggestions.forEach(s -> {
            if (s.status().equals("unused")) {
                found.add(s);
            }
        });
        return found;
    }
}
