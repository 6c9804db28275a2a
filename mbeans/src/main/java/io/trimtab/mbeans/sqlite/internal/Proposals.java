package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.IndexAdvice;
import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.advisor.CandidateIndex;
import io.trimtab.mbeans.sqlite.advisor.IndexSelection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What one advice run over the workload yields: a suggestion per chosen index, and the advice in figures. */
final class Proposals {

    private Proposals() {
    }

    /** A {@code proposed} suggestion for each chosen index, with the evidence of the statement it serves most. */
    static List<IndexSuggestion> of(Workload workload, IndexSelection.Result result, QueryStatistics statistics) {
        double total = total(workload);
        List<IndexSuggestion> proposed = new ArrayList<>();
        for (IndexSelection.Choice choice : result.chosen()) {
            IndexSelection.Statement top = choice.served().get(0);
            CandidateIndex index = choice.index();
            String id = IndexAdvisor.idOf(index.createSql());
            proposed.add(new IndexSuggestion(id, index.name(), index.table(), index.columns(), index.createSql(),
                    top.fingerprint(), statistics.entry(top.fingerprint()).normalized,
                    result.before().get(top.fingerprint()).toString(), result.after().get(top.fingerprint()).toString(),
                    choice.served().stream().map(IndexSelection.Statement::fingerprint).toList(),
                    choice.served().stream().mapToLong(IndexSelection.Statement::calls).sum(), choice.servedMillis(),
                    "proposed", -1, -1, -1, "", String.format(Locale.ROOT, "the what-if planner uses it for %d"
                            + " statement(s) of the workload, %.1f ms of the %.1f ms measured", choice.served().size(),
                            choice.servedMillis(), total), 0, ""));
        }
        return proposed;
    }

    /**
     * The advice of the run.
     *
     * @param unusedIndexes the indexes no plan of the workload uses
     * @param unusedKept    the indexes Trimtab kept that became {@code unused}
     */
    static IndexAdvice advice(String at, Workload workload, IndexSelection.Result result, int unparsed,
                              List<String> unusedIndexes, List<String> unusedKept) {
        double total = total(workload);
        double served = Math.min(total, result.chosen().stream().mapToDouble(IndexSelection.Choice::servedMillis).sum());
        double share = total == 0 ? 0 : served / total;
        int unplanned = workload.statements().size() - result.before().size();
        return new IndexAdvice(at, "ok", result.before().size(), unparsed, unplanned, result.candidates(),
                result.chosen().size(), share, unusedIndexes, String.format(Locale.ROOT, "%d statement(s) planned, %d"
                + " candidate(s) tried, %d index(es) proposed serving %.0f %% of %.1f ms", result.before().size(),
                result.candidates(), result.chosen().size(), 100 * share, total) + (unusedKept.isEmpty() ? ""
                : "; unused for over " + IndexUse.WINDOW.toHours() + " h, to drop (db.slowFullScan does in auto): "
                + String.join(", ", unusedKept)));
    }

    private static double total(Workload workload) {
        return workload.statements().stream().mapToDouble(IndexSelection.Statement::totalMillis).sum();
    }
}
