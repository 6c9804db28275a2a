package io.trimtab.mbeans.sqlite.advisor;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An index the advisor may propose. Its first {@code equalityColumns} keys serve equality terms, so their order
 * does not matter to the statements it was made for; the keys after them (one range, or an ORDER BY or GROUP BY)
 * are ordered.
 *
 * @param table           the table, lower case
 * @param keys            the key columns, in index order
 * @param equalityColumns how many leading keys are equality columns
 */
public record CandidateIndex(String table, List<Key> keys, int equalityColumns) {

    /** The prefix of every index the advisor creates; it drops only indexes so named. */
    public static final String PREFIX = "trimtab_idx_";
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /**
     * One key column.
     *
     * @param collation  its explicit collation, lower case, or null for the column's own
     * @param descending whether it is sorted descending
     */
    public record Key(String column, String collation, boolean descending) {

        public Key {
            Objects.requireNonNull(column, "column");
        }

        static Key of(String column) {
            return new Key(column, null, false);
        }

        String sql() {
            return quoted(column) + (collation == null ? "" : " COLLATE " + collation) + (descending ? " DESC" : "");
        }
    }

    public CandidateIndex {
        keys = List.copyOf(keys);
        if (keys.isEmpty() || equalityColumns < 0 || equalityColumns > keys.size()) {
            throw new IllegalArgumentException("an index needs key columns and at most as many equality columns,"
                    + " but had " + keys + " and " + equalityColumns);
        }
    }

    public List<String> columns() {
        return keys.stream().map(Key::column).toList();
    }

    /** {@code trimtab_idx_<table>_<columns>}, each column followed by its collation and {@code desc} if any. */
    public String name() {
        String columns = keys.stream().map(k -> k.column() + (k.collation() == null ? "" : "_" + k.collation())
                + (k.descending() ? "_desc" : "")).collect(Collectors.joining("_"));
        return (PREFIX + table + "_" + columns).replaceAll("[^A-Za-z0-9_]", "_");
    }

    public String createSql() {
        return "CREATE INDEX " + name() + " ON " + quoted(table) + " ("
                + keys.stream().map(Key::sql).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Whether an index with {@code existing} keys already serves every statement this one would: its leading
     * keys are this one's equality columns in any order, then this one's ordered keys, collations alike. The whole
     * key list counts, not only the leading column.
     */
    public boolean coveredBy(List<Key> existing) {
        if (existing.size() < keys.size()) {
            return false;
        }
        // The direction of an equality column does not matter.
        if (!Set.copyOf(undirected(existing.subList(0, equalityColumns)))
                .equals(Set.copyOf(undirected(keys.subList(0, equalityColumns))))) {
            return false;
        }
        List<Key> tail = keys.subList(equalityColumns, keys.size());
        List<Key> existingTail = existing.subList(equalityColumns, keys.size());
        // An index read backwards serves the reversed order as well.
        return existingTail.equals(tail) || existingTail.equals(reversed(tail));
    }

    private static List<Key> undirected(List<Key> keys) {
        return keys.stream().map(k -> new Key(k.column(), k.collation(), false)).toList();
    }

    private static List<Key> reversed(List<Key> keys) {
        return keys.stream().map(k -> new Key(k.column(), k.collation(), !k.descending())).toList();
    }

    static String quoted(String identifier) {
        return PLAIN_NAME.matcher(identifier).matches() ? identifier : '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return table + keys.stream().map(Key::sql).collect(Collectors.joining(", ", "(", ")"));
    }
}
