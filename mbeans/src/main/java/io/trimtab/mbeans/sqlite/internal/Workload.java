package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.QueryStats;
import io.trimtab.mbeans.sqlite.advisor.CandidateIndex;
import io.trimtab.mbeans.sqlite.advisor.Candidates;
import io.trimtab.mbeans.sqlite.advisor.IndexSelection;
import io.trimtab.mbeans.sqlite.advisor.PlannerStatistics;
import io.trimtab.mbeans.sqlite.advisor.Schema;
import io.trimtab.mbeans.sqlite.advisor.StatementShape;
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
            QueryStatistics.Entry entry = statistics.entry(stats.fingerprint());
            if (entry == null || DML.stream().noneMatch(kind -> stats.sql().toLowerCase(Locale.ROOT).startsWith(kind))) {
                continue; // pragmas, DDL and transaction control ask nothing of an index
            }
            Optional<StatementShape> shape = StatementShapes.parse(entry.sample.sql(), schema::columnsOf);
            if (shape.isEmpty()) {
                unparsed.add(stats.fingerprint());
                continue;
            }
            IndexSelection.Statement statement = new IndexSelection.Statement(stats.fingerprint(), entry.sample.sql(),
                    entry.sample.parameters(), stats.totalMillis(), stats.calls(), shape.get());
            (shape.get().isQuery() ? statements : writes).add(statement);
        }
        return statements;
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
