package io.trimtab.mbeans.sqlite.advisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The candidate indexes for table references, by the method of SQLite's {@code .expert}: the equality columns
 * (with the join columns, for when the table is the inner loop, and without them, for when it is the outer),
 * then one range column, or the ORDER BY, or the GROUP BY; one index per OR branch; and covering variants that
 * add the one or two other columns the statement reads. Over a workload, equality columns are ordered by the
 * time of the statements that share them, so that indexes for different statements share their leading columns,
 * and the equality columns two statements have in common make a merged candidate.
 */
public final class Candidates {

    /** At most this many key columns; an index much wider costs more on writes than it saves. */
    public static final int MAX_KEYS = 5;
    private static final int MAX_COVERING_EXTRA = 2;

    /** A table reference and the measured time of the statement it is in. */
    public record Use(TableUse use, double weight) {
    }

    private Candidates() {
    }

    /** The candidates of one reference, its equality columns in the order met. */
    public static List<CandidateIndex> forUse(TableUse use) {
        return new ArrayList<>(of(use, Comparator.comparingInt(c -> 0), null));
    }

    /**
     * The candidates of every reference of a workload, and the merged ones, without duplicates. A table's rowid
     * alias is in every index already, so no candidate has it as a later key, and a covering variant does not
     * count it among the columns it adds.
     */
    public static Set<CandidateIndex> forWorkload(List<Use> uses, Schema schema) {
        Set<CandidateIndex> all = new LinkedHashSet<>();
        for (CandidateIndex candidate : forWorkload(uses, schema::rowidAlias)) {
            String rowid = schema.rowidAlias(candidate.table());
            List<CandidateIndex.Key> keys = new ArrayList<>(candidate.keys());
            keys.subList(1, keys.size()).removeIf(k -> k.column().equals(rowid));
            all.add(new CandidateIndex(candidate.table(), keys, Math.min(candidate.equalityColumns(), keys.size())));
        }
        return all;
    }

    /** The candidates of every reference of a workload, and the merged ones, without duplicates. */
    static Set<CandidateIndex> forWorkload(List<Use> uses) {
        return forWorkload(uses, table -> null);
    }

    private static Set<CandidateIndex> forWorkload(List<Use> uses, Function<String, String> rowidOf) {
        Map<String, Double> weight = new HashMap<>();
        for (Use u : uses) {
            for (String column : equalityAndJoin(u.use())) {
                weight.merge(u.use().table() + "." + column, u.weight(), Double::sum);
            }
        }
        Set<CandidateIndex> all = new LinkedHashSet<>();
        for (Use u : uses) {
            all.addAll(of(u.use(), shared(u.use().table(), weight), rowidOf.apply(u.use().table())));
        }
        for (int i = 0; i < uses.size(); i++) {
            for (int j = i + 1; j < uses.size(); j++) {
                TableUse a = uses.get(i).use();
                TableUse b = uses.get(j).use();
                if (a.table().equals(b.table())) {
                    List<String> common = new ArrayList<>(equalityAndJoin(a));
                    common.retainAll(equalityAndJoin(b));
                    common.sort(shared(a.table(), weight));
                    if (!common.isEmpty()) {
                        List<CandidateIndex.Key> keys = common.stream().map(c -> key(a, c)).toList();
                        all.add(new CandidateIndex(a.table(), limited(keys), Math.min(keys.size(), MAX_KEYS)));
                    }
                }
            }
        }
        return all;
    }

    private static Comparator<String> shared(String table, Map<String, Double> weight) {
        return Comparator.comparingDouble((ToDoubleFunction<String>) c -> weight.getOrDefault(table + "." + c, 0.0))
                .reversed();
    }

    /** {@code rowid}: the table's rowid alias, which every index holds already, or null. */
    private static Set<CandidateIndex> of(TableUse use, Comparator<String> order, String rowid) {
        Set<CandidateIndex> found = new LinkedHashSet<>();
        List<String> equalities = new ArrayList<>(use.equalities());
        equalities.sort(order);
        List<String> withJoins = new ArrayList<>(equalityAndJoin(use));
        withJoins.sort(order);
        for (List<String> prefix : new LinkedHashSet<>(List.of(equalities, withJoins))) {
            List<CandidateIndex.Key> keys = prefix.stream().map(c -> key(use, c)).toList();
            if (!keys.isEmpty()) {
                add(found, use, keys, List.of());
            }
            for (String range : use.ranges()) {
                if (!prefix.contains(range)) {
                    add(found, use, keys, List.of(key(use, range)));
                }
            }
            add(found, use, keys, sorted(use, prefix));
            add(found, use, keys, use.groupBy().stream().filter(c -> !prefix.contains(c)).map(c -> key(use, c)).toList());
        }
        for (TableUse.Branch branch : use.orBranches()) {
            List<CandidateIndex.Key> keys = branch.equalities().stream().map(c -> key(use, c)).toList();
            if (!keys.isEmpty()) {
                add(found, use, keys, List.of());
            }
            branch.ranges().stream().filter(r -> !branch.equalities().contains(r)).findFirst()
                    .ifPresent(range -> add(found, use, keys, List.of(key(use, range))));
        }
        if (!use.allColumns()) {
            for (CandidateIndex candidate : List.copyOf(found)) {
                List<String> extra = use.columns().stream()
                        .filter(c -> !candidate.columns().contains(c) && !c.equals(rowid)).sorted().toList();
                if (!extra.isEmpty() && extra.size() <= MAX_COVERING_EXTRA
                        && candidate.keys().size() + extra.size() <= MAX_KEYS) {
                    List<CandidateIndex.Key> keys = new ArrayList<>(candidate.keys());
                    extra.forEach(c -> keys.add(key(use, c)));
                    found.add(new CandidateIndex(use.table(), keys, candidate.equalityColumns()));
                }
            }
        }
        return found;
    }

    /** The ORDER BY after the equality columns; a single direction is left ascending, as an index reads both ways. */
    private static List<CandidateIndex.Key> sorted(TableUse use, List<String> prefix) {
        List<TableUse.Sorted> order = use.orderBy().stream().filter(s -> !prefix.contains(s.column())).toList();
        boolean mixed = order.stream().map(TableUse.Sorted::descending).distinct().count() > 1;
        return order.stream().map(s -> new CandidateIndex.Key(s.column(), use.collations.get(s.column()),
                mixed && s.descending())).toList();
    }

    private static void add(Set<CandidateIndex> found, TableUse use, List<CandidateIndex.Key> prefix,
                            List<CandidateIndex.Key> tail) {
        if (tail.isEmpty() && prefix.isEmpty()) {
            return;
        }
        List<CandidateIndex.Key> keys = new ArrayList<>(prefix);
        keys.addAll(tail);
        found.add(new CandidateIndex(use.table(), limited(keys), Math.min(prefix.size(), MAX_KEYS)));
    }

    private static List<CandidateIndex.Key> limited(List<CandidateIndex.Key> keys) {
        return keys.size() > MAX_KEYS ? keys.subList(0, MAX_KEYS) : keys;
    }

    private static List<String> equalityAndJoin(TableUse use) {
        Set<String> columns = new LinkedHashSet<>(use.equalities());
        columns.addAll(use.joins());
        return List.copyOf(columns);
    }

    private static CandidateIndex.Key key(TableUse use, String column) {
        return new CandidateIndex.Key(column, use.collations.get(column), false);
    }
}
