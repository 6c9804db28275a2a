package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.IndexAdvice;
import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.advisor.IndexSelection;
import io.trimtab.mbeans.sqlite.advisor.Plan;
import io.trimtab.mbeans.sqlite.advisor.WhatIf;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advises indexes for the workload (the top fingerprints by total time) on a what-if copy of the schema, and
 * proves them on the live database before keeping them ({@link IndexProof}: the queries re-timed, and the writes
 * to the table replayed in transactions rolled back). Only SELECTs are advised on. The indexes kept are watched
 * at every advice run ({@link IndexUse}), and those the workload stopped using are dropped on request. Nothing
 * here waits without a timeout: while maintenance holds the connection, advice answers with its last result and
 * says it was busy.
 */
final class IndexAdvisor {

    /** Advice waits this long for the maintenance connection or another advice, then answers its last result. */
    static final long ADVICE_WAIT_MILLIS = 500;
    /** Applying waits this long for the maintenance connection, then refuses as busy and changes nothing. */
    static final long APPLY_WAIT_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(IndexAdvisor.class);

    private final QueryStatistics statistics;
    private final MaintenanceConnection maintenance;
    private final IndexProof proof;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}; {@link #published} is the copy readers take without it. */
    private final Map<String, IndexSuggestion> suggestions = new LinkedHashMap<>();
    private volatile List<IndexSuggestion> published = List.of();
    /** What {@link SuggestionStore} last holds; guarded by {@link #lock}. */
    private List<IndexSuggestion> saved = List.of();
    private volatile IndexAdvice last = IndexAdvice.NONE;
    private final Set<String> unparsed = ConcurrentHashMap.newKeySet();
    private final IndexUse use = new IndexUse();

    IndexAdvisor(QueryStatistics statistics, MaintenanceConnection maintenance, IndexProof proof, Clock clock) {
        this.statistics = statistics;
        this.maintenance = maintenance;
        this.proof = proof;
        this.clock = clock;
    }

    /**
     * Loads the suggestions stored in the database file. An index left {@code applying} was being proved when
     * the process stopped: it is dropped, and the suggestion rolled back.
     */
    void restore() throws SQLException {
        lock.lock();
        try {
            maintenance.use(c -> {
                SuggestionStore.restore(c).forEach(restored -> suggestions.put(restored.id(), restored));
                saved = SuggestionStore.load(c);
                persist(c);
                return null;
            });
            publish();
        } finally {
            lock.unlock();
        }
    }

    /** Advises on the workload; returns every suggestion, the new ones {@code proposed}, and the outcomes so far. */
    List<IndexSuggestion> suggest() throws SQLException {
        if (!tryLock(ADVICE_WAIT_MILLIS)) {
            busy("another advice or an applied suggestion is running");
            return published;
        }
        try {
            Workload workload = maintenance.tryUse(ADVICE_WAIT_MILLIS,
                    c -> Workload.read(c, statistics, candidate -> hasOutcome(candidate.createSql())));
            if (workload == null) {
                busy("maintenance (a VACUUM, a checkpoint or CREATE INDEX) holds the connection");
                return published;
            }
            unparsed.addAll(workload.unparsed());
            if (workload.statements().isEmpty()) {
                suggestions.values().removeIf(s -> s.status().equals("proposed"));
                advised(new IndexAdvice(now(), "no statements", 0, unparsed.size(), 0, 0, 0, 0, List.of(),
                        "no parseable SELECT among the top " + Workload.SIZE + " fingerprints; nothing proposed"));
                return published;
            }
            IndexSelection.Result result;
            Map<String, Plan> planned = new LinkedHashMap<>();
            try (WhatIf whatIf = WhatIf.open(workload.schema(), workload.statistics())) {
                // Before any candidate is created there: the plans as the live database has them.
                List<IndexSelection.Statement> others = new ArrayList<>(workload.writes());
                others.addAll(workload.statementsOf(statistics, servedByKeptIndexes()));
                for (IndexSelection.Statement other : others) {
                    Plan plan = whatIf.plan(other.sql(), other.parameters());
                    if (plan != null) {
                        planned.put(other.fingerprint(), plan);
                    }
                }
                result = IndexSelection.choose(whatIf, workload.statements(), workload.candidates(), workload.slots());
                planned.putAll(result.before());
            }
            use.observe(suggestions, planned, this::calls, clock.instant());
            propose(workload, result, workload.schema().unusedBy(planned.values()));
            persistSoon();
            return published;
        } finally {
            lock.unlock();
        }
    }

    private void propose(Workload workload, IndexSelection.Result result, List<String> unused) {
        suggestions.values().removeIf(s -> s.status().equals("proposed"));
        Proposals.of(workload, result, statistics).forEach(s -> suggestions.put(s.id(), s));
        advised(Proposals.advice(now(), workload, result, unparsed.size(), unused,
                IndexUse.unused(suggestions.values()).stream().map(IndexSuggestion::indexName).toList()));
    }

    /** Creates the suggested index and keeps it only if the workload proves it. */
    IndexSuggestion apply(String id) throws SQLException {
        if (!tryLock(APPLY_WAIT_MILLIS)) {
            throw new IllegalStateException("busy: another advice or applied suggestion is running; nothing changed");
        }
        try {
            IndexSuggestion suggestion = suggestions.get(id);
            if (suggestion == null) {
                throw new IllegalArgumentException("suggestion id must be one of " + suggestions.keySet() + " but was '"
                        + id + "'" + (suggestions.isEmpty() ? "; call indexSuggestions() first" : ""));
            }
            if (isApplied(suggestion)) {
                throw new IllegalStateException("suggestion " + id + " is already applied as index "
                        + suggestion.indexName());
            }
            IndexSuggestion outcome = maintenance.tryUse(APPLY_WAIT_MILLIS, c -> proved(c, suggestion));
            if (outcome == null) {
                throw new IllegalStateException("busy: maintenance held the connection for over " + APPLY_WAIT_MILLIS
                        + " ms; nothing changed");
            }
            publish();
            return outcome;
        } finally {
            lock.unlock();
        }
    }

    /** Records the suggestion as {@code applying} before its index exists, and its outcome after. */
    private IndexSuggestion proved(Connection c, IndexSuggestion suggestion) throws SQLException {
        suggestions.put(suggestion.id(), suggestion.withOutcome("applying", -1, -1, -1, "", "being proved"));
        try {
            persist(c);
            IndexSuggestion outcome = proof.prove(c, suggestion);
            suggestions.put(suggestion.id(), outcome);
            persist(c);
            return outcome;
        } catch (SQLException | RuntimeException e) {
            suggestions.put(suggestion.id(), suggestion); // the proof dropped the index: still only proposed
            persist(c);
            throw e;
        }
    }

    /** Every suggestion found so far, as the last advice, apply or drop left it; runs no SQL and takes no lock. */
    List<IndexSuggestion> known() {
        return published;
    }

    /** Drops an index that {@link #apply} created and kept. */
    IndexSuggestion drop(String indexName) throws SQLException {
        if (!tryLock(APPLY_WAIT_MILLIS)) {
            throw new IllegalStateException("busy: another advice or applied suggestion is running; nothing changed");
        }
        try {
            for (IndexSuggestion suggestion : suggestions.values()) {
                if (isApplied(suggestion) && suggestion.indexName().equals(indexName)) {
                    return dropped(suggestion, "dropped by an operator");
                }
            }
            List<String> kept = suggestions.values().stream().filter(IndexAdvisor::isApplied)
                    .map(IndexSuggestion::indexName).toList();
            throw new IllegalArgumentException("index must be one created by applySuggestion, one of " + kept
                    + ", but was '" + indexName + "'");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops every index {@link #apply} created that no plan of the workload has used over the window
     * ({@link IndexUse}), each journaled in its suggestion's outcome; returns those outcomes.
     */
    List<IndexSuggestion> dropUnused() throws SQLException {
        if (!tryLock(APPLY_WAIT_MILLIS)) {
            throw new IllegalStateException("busy: another advice or applied suggestion is running; nothing changed");
        }
        try {
            List<IndexSuggestion> outcomes = new ArrayList<>();
            for (IndexSuggestion unused : IndexUse.unused(suggestions.values())) {
                outcomes.add(dropped(unused, unused.detail() + "; dropped as unused: "
                        + IndexUse.why(unused, clock.instant())));
            }
            return outcomes;
        } finally {
            lock.unlock();
        }
    }

    private IndexSuggestion dropped(IndexSuggestion suggestion, String why) throws SQLException {
        Boolean dropped = maintenance.tryUse(APPLY_WAIT_MILLIS, c -> {
            MaintenanceConnection.execute(c, "DROP INDEX IF EXISTS " + suggestion.indexName());
            return true;
        });
        if (dropped == null) {
            throw new IllegalStateException("busy: maintenance held the connection for over " + APPLY_WAIT_MILLIS
                    + " ms; " + suggestion.indexName() + " is kept");
        }
        IndexSuggestion outcome = suggestion.withOutcome("dropped", suggestion.beforeMicros(),
                suggestion.afterMicros(), suggestion.timeRatio(), suggestion.planAfter(), why);
        suggestions.put(suggestion.id(), outcome);
        publish();
        persistSoon();
        return outcome;
    }

    private static boolean isApplied(IndexSuggestion suggestion) {
        return suggestion.status().equals("kept") || suggestion.status().equals("unused");
    }

    /** The statements the kept indexes served when proposed: watched for use even once out of the top ones. */
    private List<String> servedByKeptIndexes() {
        return suggestions.values().stream().filter(IndexAdvisor::isApplied)
                .flatMap(s -> s.servedFingerprints().stream()).distinct().toList();
    }

    private long calls(String fingerprint) {
        QueryStatistics.Entry entry = statistics.entry(fingerprint);
        return entry == null ? 0 : entry.calls.sum();
    }

    IndexAdvice lastAdvice() {
        return last;
    }

    int unparsedStatements() {
        return unparsed.size();
    }

    static String idOf(String createSql) {
        return "s" + Fingerprints.id(createSql).substring(1);
    }

    /** Stores the suggestions if they changed since stored. The caller holds {@link #lock} and the connection. */
    private void persist(Connection c) throws SQLException {
        List<IndexSuggestion> now = List.copyOf(suggestions.values());
        if (!now.equals(saved)) {
            SuggestionStore.save(c, now);
            saved = now;
        }
    }

    /** Stores the suggestions unless maintenance holds the connection; then the next advice stores them. */
    private void persistSoon() {
        try {
            maintenance.tryUse(ADVICE_WAIT_MILLIS, c -> {
                persist(c);
                return null;
            });
        } catch (SQLException e) {
            LOG.warn("Index suggestions could not be stored in {}: {}", SuggestionStore.TABLE, e.toString());
        }
    }

    private boolean hasOutcome(String createSql) {
        IndexSuggestion known = suggestions.get(idOf(createSql));
        return known != null && !known.status().equals("proposed");
    }

    private boolean tryLock(long millis) {
        try {
            return lock.tryLock(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void busy(String why) {
        IndexAdvice previous = last;
        last = new IndexAdvice(now(), "busy", previous.statements(), unparsed.size(), previous.unplannedStatements(),
                previous.candidates(), previous.proposed(), previous.servedShare(), previous.unusedIndexes(),
                why + "; the suggestions are from "
                + (previous.at().isEmpty() ? "no earlier run" : "the run at " + previous.at()));
    }

    private void advised(IndexAdvice advice) {
        last = advice;
        publish();
    }

    private void publish() {
        published = List.copyOf(suggestions.values());
    }

    private String now() {
        return clock.instant().toString();
    }
}
