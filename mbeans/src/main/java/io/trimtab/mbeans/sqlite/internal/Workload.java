package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.QueryStats;
import io.trimtab.mbeans.sqlite.advisor.CandidateIndex;
import io.trimtab.mbeans.sqlite.advisor.Candidates;
import io.trimtab.mbeans.sqlite.advisor.IndexSelection;
import io.trimtab.mbeans.sqlite.advisor.PlannerStatistics;
import io.trimtab.mbeans.sqlite.advisor.Schema;
import io.trimtab.mbeans.sqlite.advisor.StatementShapes;
import io.trimtab.mbeans.sqlite.advisor.TableUse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the advisor reads from the live database in one visit of the maintenance connection: the schema, the top
 * fingerprints by total time as parsed statements with their sample parameters, their candidate indexes (less
 * those an index already covers), the planner statistics for them, and how many new indexes each table may take.
 *
 * @param writes   the INSERTs, UPDATEs and DELETEs among them: planned to see which indexes they use, and
 *                 replayed (and rolled back) to weigh what an index costs them
 * @param unparsed the fingerprints the parser could not read
 */
record Workload(Schema schema, List<IndexSelection.Statement> statements, List<IndexSelection.Statement> writes,
                Set<String> unparsed,
                Set<CandidateIndex> candidates, PlannerStatistics statistics, Map<String, Integer> slots) {

    /** The top fingerprints by total time the advisor plans. */
    static final int SIZE = 25;
    /** New indexes per table the advisor proposes at most, counting those it already created. */
    static final int MAX_NEW_PER_TABLE = 3;
    private static final List<String> DML = List.of("select", "with", "insert", "replace", "update", "delete");

    /**
     * The top fingerprints that parse as queries, with their sample parameters; those that do not parse go to
     * {@code unparsed}, INSERTs, UPDATEs and DELETEs to {@code writes}.
     */
    static List<IndexSelection.Statement> queries(QueryStatistics statistics, Schema schema, Set<String> unparsed,
                                                  List<IndexSelection.Statement> writes) {
        List<IndexSelection.Statement> statements = new ArrayList<>();
        for (QueryStats stats : statistics.top(SIZE)) {
            if (!isDml(stats) || statistics.entry(stats.fingerprint()) == null) {
                continue; // pragmas, DDL and transaction control ask nothing of an index
            }
            Optional<IndexSelection.Statement> statement = parsed(statistics, schema, stats);
            if (statement.isEmpty()) {
                unparsed.add(stats.fingerprint());
            } else {
                (statement.get().shape().isQuery() ? statements : writes).add(statement.get());
            }
        }
        return statements;
    }

    /** The parsed statements of {@code fingerprints}, those the statistics still hold and the parser reads. */
    List<IndexSelection.Statement> statementsOf(QueryStatistics statistics, Iterable<String> fingerprints) {
        List<IndexSelection.Statement> found = new ArrayList<>();
        for (String fingerprint : fingerprints) {
            QueryStatistics.Entry entry = statistics.entry(fingerprint);
            if (entry != null && isDml(entry.snapshot())) {
                parsed(statistics, schema, entry.snapshot()).ifPresent(found::add);
            }
        }
        return found;
    }

    private static boolean isDml(QueryStats stats) {
        return DML.stream().anyMatch(kind -> stats.sql().toLowerCase(Locale.ROOT).startsWith(kind));
    }

    /** The statement of a fingerprint with its sample parameters; empty if the parser cannot read it. */
    private static Optional<IndexSelection.Statement> parsed(QueryStatistics statistics, Schema schema,
                                                             QueryStats stats) {
        QueryStatistics.Entry entry = statistics.entry(stats.fingerprint());
        if (entry == null) {
            return Optional.empty();
        }
        return StatementShapes.parse(entry.sample.sql(), schema::columnsOf).map(shape -> new IndexSelection.Statement(
                stats.fingerprint(), entry.sample.sql(), entry.sample.parameters(), stats.totalMillis(), stats.calls(),
                shape));
    }

    /** Reads the workload; {@code excluded} candidates (rolled back or dropped before) are not tried again. */
    static Workload read(Connection c, QueryStatistics statistics, Predicate<CandidateIndex> excluded)
            throws SQLException {
        Schema schema = Schema.read(c);
        Set<String> unparsed = new LinkedHashSet<>();
        List<IndexSelection.Statement> writes = new ArrayList<>();
        List<IndexSelection.Statement> statements = queries(statistics, schema, unparsed, writes);
        List<Candidates.Use> uses = new ArrayList<>();
        for (IndexSelection.Statement statement : statements) {
            for (TableUse use : statement.shape().tables()) {
                uses.add(new Candidates.Use(use, statement.totalMillis()));
            }
        }
        Set<CandidateIndex> candidates = new LinkedHashSet<>();
        for (CandidateIndex candidate : Candidates.forWorkload(uses, schema)) {
            if (!schema.covers(candidate) && !excluded.test(candidate)) {
                candidates.add(candidate);
            }
        }
        Map<String, Integer> slots = new LinkedHashMap<>();
        for (CandidateIndex candidate : candidates) {
            slots.computeIfAbsent(candidate.table(), table -> MAX_NEW_PER_TABLE - (int) schema.indexesOn(table).stream()
                    .filter(index -> index.name().startsWith(CandidateIndex.PREFIX)).count());
        }
        return new Workload(schema, List.copyOf(statements), List.copyOf(writes), unparsed, candidates,
                PlannerStatistics.read(c, schema, candidates), slots);
    }
}
