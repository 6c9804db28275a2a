package io.trimtab.mbeans.sqlite.advisor;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the planner knows of the live data, to give a scratch copy of the schema: the live {@code sqlite_stat1}
 * and {@code sqlite_stat4} rows as they are, and {@code sqlite_stat1} rows computed on a random sample of at most
 * {@value #SAMPLE_ROWS} rows for every index the live database has none for, candidates included, as SQLite's
 * {@code .expert} does. The number of distinct values is estimated from the sample with the GEE estimator
 * (Charikar et al., 2000), so a column unique on the sample stays unique and one of few values keeps few.
 *
 * @param stat1 the {@code sqlite_stat1} rows: table, index (null for the table itself), stat
 * @param stat4 the {@code sqlite_stat4} rows as read: tbl, idx, neq, nlt, ndlt, sample
 */
public record PlannerStatistics(List<Stat1> stat1, List<Object[]> stat4) {

    static final int SAMPLE_ROWS = 20_000;

    /** One row of {@code sqlite_stat1}. */
    public record Stat1(String table, String index, String stat) {
    }

    /** The {@code sqlite_stat1} row of {@code index}, or null. */
    public Stat1 of(String index) {
        return stat1.stream().filter(s -> index.equalsIgnoreCase(s.index())).findFirst().orElse(null);
    }

    /**
     * Reads the live statistics and computes those missing, for the existing indexes and for {@code candidates},
     * on the tables the candidates are for.
     */
    public static PlannerStatistics read(Connection live, Schema schema, Collection<CandidateIndex> candidates)
            throws SQLException {
        List<Stat1> stat1 = new ArrayList<>();
        List<Object[]> stat4 = new ArrayList<>();
        if (exists(live, "sqlite_stat1")) {
            try (Statement s = live.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT tbl, idx, stat FROM sqlite_stat1")) {
                while (rs.next()) {
                    stat1.add(new Stat1(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        if (exists(live, "sqlite_stat4")) {
            try (Statement s = live.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT tbl, idx, neq, nlt, ndlt, sample FROM sqlite_stat4")) {
                while (rs.next()) {
                    stat4.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBytes(6)});
                }
            }
        }
        Map<String, List<Index>> missing = new LinkedHashMap<>();
        for (CandidateIndex candidate : candidates) {
            missing.computeIfAbsent(candidate.table(), t -> new ArrayList<>())
                    .add(new Index(candidate.name(), candidate.keys()));
        }
        for (String table : missing.keySet()) {
            for (Schema.Index index : schema.indexesOn(table)) {
                if (!index.name().equals(table) && stat1.stream().noneMatch(s -> index.name().equalsIgnoreCase(s.index()))) {
                    missing.get(table).add(new Index(index.name(), index.keys()));
                }
            }
        }
        for (Map.Entry<String, List<Index>> table : missing.entrySet()) {
            stat1.addAll(computed(live, table.getKey(), table.getValue(), stat1));
        }
        return new PlannerStatistics(List.copyOf(stat1), List.copyOf(stat4));
    }

    private record Index(String name, List<CandidateIndex.Key> keys) {
    }

    private static List<Stat1> computed(Connection live, String table, List<Index> indexes, List<Stat1> known)
            throws SQLException {
        long rows = knownRows(table, known);
        if (rows < 0) {
            try (Statement s = live.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM " + CandidateIndex.quoted(table))) {
                rows = rs.next() ? rs.getLong(1) : 0;
            }
        }
        if (rows == 0) {
            return List.of(); // an empty table: the planner's defaults assume a large one, which is what matters
        }
        Set<CandidateIndex.Key> columns = new LinkedHashSet<>();
        indexes.forEach(index -> columns.addAll(index.keys()));
        List<String> names = columns.stream().map(CandidateIndex.Key::column).distinct().toList();
        List<Object[]> sample = sample(live, table, names, rows);
        List<Stat1> found = new ArrayList<>();
        if (known.stream().noneMatch(s -> table.equalsIgnoreCase(s.table()))) {
            found.add(new Stat1(table, null, Long.toString(rows)));
        }
        for (Index index : indexes) {
            StringBuilder stat = new StringBuilder(Long.toString(rows));
            for (int prefix = 1; prefix <= index.keys().size(); prefix++) {
                double distinct = distinct(sample, index.keys().subList(0, prefix), names, rows);
                stat.append(' ').append(Math.max(1, (long) Math.ceil(rows / distinct)));
            }
            found.add(new Stat1(table, index.name(), stat.toString()));
        }
        return found;
    }

    /** The table's row count as the live statistics have it, or -1. */
    private static long knownRows(String table, List<Stat1> known) {
        for (Stat1 s : known) {
            if (table.equalsIgnoreCase(s.table()) && !s.stat().isBlank()) {
                return Long.parseLong(s.stat().trim().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static List<Object[]> sample(Connection live, String table, List<String> columns, long rows)
            throws SQLException {
        long every = Math.max(1, rows / SAMPLE_ROWS);
        String sql = "SELECT " + columns.stream().map(CandidateIndex::quoted).collect(Collectors.joining(", "))
                + " FROM " + CandidateIndex.quoted(table) + (every > 1 ? " WHERE abs(random() % " + every + ") = 0" : "");
        List<Object[]> sample = new ArrayList<>();
        try (Statement s = live.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Object[] row = new Object[meta.getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                sample.add(row);
            }
        }
        return sample;
    }

    /** GEE: sqrt(N/n) times the values seen once, plus those seen more often; between those seen and N. */
    private static double distinct(List<Object[]> sample, List<CandidateIndex.Key> keys, List<String> columns, long rows) {
        if (sample.isEmpty()) {
            return 1;
        }
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (Object[] row : sample) {
            List<Object> key = new ArrayList<>(keys.size());
            for (CandidateIndex.Key k : keys) {
                key.add(collated(row[columns.indexOf(k.column())], k.collation()));
            }
            counts.merge(key, 1, Integer::sum);
        }
        long once = counts.values().stream().filter(n -> n == 1).count();
        double estimate = Math.sqrt((double) rows / sample.size()) * once + (counts.size() - once);
        return Math.max(counts.size(), Math.min(rows, estimate));
    }

    private static Object collated(Object value, String collation) {
        if (value instanceof String text && collation != null) {
            return switch (collation) {
                case "nocase" -> text.toLowerCase(Locale.ROOT);
                case "rtrim" -> text.stripTrailing();
                default -> text;
            };
        }
        return value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value; // a buffer compares by content
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '" + table + "'")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }
}
