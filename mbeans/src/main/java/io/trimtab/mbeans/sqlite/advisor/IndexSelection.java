package io.trimtab.mbeans.sqlite.advisor;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses indexes for a whole workload on a {@link WhatIf} database. Greedily, it adds the candidate that the
 * planner uses, with a better plan, for the largest share of the workload's measured time (ties: the larger gain
 * in plan score, then fewer keys); an index that serves three statements counts all three, once. It stops when
 * no candidate improves a plan, or a table has its share of new indexes. Then it takes out every chosen index
 * whose removal worsens no plan: those no statement uses, and those another chosen index replaces.
 */
public final class IndexSelection {

    /** One statement of the workload: a sample execution, its measured time, and its shape. */
    public record Statement(String fingerprint, String sql, Object[] parameters, double totalMillis, long calls,
                            StatementShape shape) {
    }

    /** A chosen index and the statements whose plans use it. */
    public record Choice(CandidateIndex index, List<Statement> served, double servedMillis) {
    }

    /**
     * @param chosen     the indexes chosen, most time served first
     * @param before     each planned statement's plan without them, by fingerprint
     * @param after      its plan with them
     * @param candidates how many candidates were tried
     */
    public record Result(List<Choice> chosen, Map<String, Plan> before, Map<String, Plan> after, int candidates) {
    }

    private final WhatIf whatIf;
    private final List<Statement> statements = new ArrayList<>();
    private final Map<String, Plan> current = new LinkedHashMap<>();

    private IndexSelection(WhatIf whatIf) {
        this.whatIf = whatIf;
    }

    /**
     * @param slots how many new indexes each table may still take (absent: none)
     */
    public static Result choose(WhatIf whatIf, List<Statement> workload, Collection<CandidateIndex> candidates,
                                Map<String, Integer> slots) throws SQLException {
        IndexSelection selection = new IndexSelection(whatIf);
        for (Statement statement : workload) {
            Plan plan = whatIf.plan(statement.sql(), statement.parameters());
            if (plan != null) {
                selection.statements.add(statement);
                selection.current.put(statement.fingerprint(), plan);
            }
        }
        Map<String, Plan> before = Map.copyOf(selection.current);
        List<CandidateIndex> remaining = new ArrayList<>(candidates.stream()
                .filter(c -> selection.statements.stream().anyMatch(s -> relevant(c, s))).toList());
        int tried = remaining.size();
        List<CandidateIndex> chosen = selection.greedy(remaining, slots);
        selection.prune(chosen);
        List<Choice> choices = new ArrayList<>();
        for (CandidateIndex index : chosen) {
            List<Statement> served = selection.statements.stream()
                    .filter(s -> selection.current.get(s.fingerprint()).uses(index.name())).toList();
            choices.add(new Choice(index, served, served.stream().mapToDouble(Statement::totalMillis).sum()));
        }
        choices.sort(Comparator.comparingDouble(Choice::servedMillis).reversed());
        return new Result(List.copyOf(choices), before, Map.copyOf(selection.current), tried);
    }

    private List<CandidateIndex> greedy(List<CandidateIndex> remaining, Map<String, Integer> slots) throws SQLException {
        List<CandidateIndex> chosen = new ArrayList<>();
        while (true) {
            CandidateIndex best = null;
            double[] bestGain = {0, 0};
            for (CandidateIndex candidate : List.copyOf(remaining)) {
                long onTable = chosen.stream().filter(c -> c.table().equals(candidate.table())).count();
                if (onTable >= slots.getOrDefault(candidate.table(), 0)) {
                    continue;
                }
                if (!whatIf.create(candidate)) {
                    remaining.remove(candidate);
                    continue;
                }
                double[] gain = gain(candidate);
                whatIf.drop(candidate);
                if (better(gain, candidate, bestGain, best)) {
                    best = candidate;
                    bestGain = gain;
                }
            }
            if (best == null) {
                return chosen;
            }
            whatIf.create(best);
            chosen.add(best);
            remaining.remove(best);
            replan(best.table());
        }
    }

    /** The time of the statements whose plan now uses {@code candidate} and got better, and that time by the gain. */
    private double[] gain(CandidateIndex candidate) {
        double millis = 0;
        double weighted = 0;
        for (Statement statement : on(candidate.table())) {
            Plan plan = whatIf.plan(statement.sql(), statement.parameters());
            double was = current.get(statement.fingerprint()).score();
            if (plan != null && plan.uses(candidate.name()) && relevant(candidate, statement) && plan.score() > was) {
                millis += statement.totalMillis();
                weighted += statement.totalMillis() * (plan.score() - was);
            }
        }
        return new double[] {millis, weighted};
    }

    private static boolean better(double[] gain, CandidateIndex candidate, double[] bestGain, CandidateIndex best) {
        if (gain[0] <= 0) {
            return false;
        }
        if (best == null || gain[0] != bestGain[0]) {
            return best == null || gain[0] > bestGain[0];
        }
        if (gain[1] != bestGain[1]) {
            return gain[1] > bestGain[1];
        }
        int keys = Integer.compare(candidate.keys().size(), best.keys().size());
        return keys != 0 ? keys < 0 : candidate.name().compareTo(best.name()) < 0;
    }

    /** Takes out, last chosen first, each chosen index without which no plan gets worse. */
    private void prune(List<CandidateIndex> chosen) throws SQLException {
        List<CandidateIndex> lastFirst = new ArrayList<>(chosen);
        Collections.reverse(lastFirst);
        for (CandidateIndex index : lastFirst) {
            Map<String, Double> scores = new LinkedHashMap<>();
            on(index.table()).forEach(s -> scores.put(s.fingerprint(), current.get(s.fingerprint()).score()));
            whatIf.drop(index);
            Map<String, Plan> without = plans(index.table());
            if (without.entrySet().stream().allMatch(e -> e.getValue().score() >= scores.get(e.getKey()))) {
                chosen.remove(index);
                current.putAll(without);
            } else {
                whatIf.create(index);
            }
        }
    }

    private void replan(String table) {
        current.putAll(plans(table));
    }

    private Map<String, Plan> plans(String table) {
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (Statement statement : on(table)) {
            Plan plan = whatIf.plan(statement.sql(), statement.parameters());
            plans.put(statement.fingerprint(), plan != null ? plan : current.get(statement.fingerprint()));
        }
        return plans;
    }

    private List<Statement> on(String table) {
        return statements.stream().filter(s -> !s.shape().uses(table).isEmpty()).toList();
    }

    /** Whether the candidate leads with a column the statement constrains, joins, sorts or groups on that table. */
    static boolean relevant(CandidateIndex candidate, Statement statement) {
        String lead = candidate.keys().get(0).column();
        for (TableUse use : statement.shape().uses(candidate.table())) {
            Set<String> constrained = new HashSet<>(use.equalities());
            constrained.addAll(use.ranges());
            constrained.addAll(use.joins());
            constrained.addAll(use.groupBy());
            use.orderBy().forEach(s -> constrained.add(s.column()));
            use.orBranches().forEach(b -> {
                constrained.addAll(b.equalities());
                constrained.addAll(b.ranges());
            });
            if (constrained.contains(lead)) {
                return true;
            }
        }
        return false;
    }
}
