package io.trimtab.mbeans.sqlite.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Folds a statement to its fingerprint, as {@code pg_stat_statements} does: string, blob and number literals become
 * {@code ?}, IN-lists and multi-row VALUES collapse to one element, whitespace and case are normalized. Prepared
 * statements repeat the same text, so callers keep the result per text.
 */
final class Fingerprints {

    private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern BLOB = Pattern.compile("\\b[xX]\\?");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.$])-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\b");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern IN_LIST = Pattern.compile("\\bin \\((?:\\?, )+\\?\\)");
    private static final Pattern VALUES_ROWS = Pattern.compile("(\\((?:\\?, )*\\?\\))(?:, \\((?:\\?, )*\\?\\))+");
    private static final Pattern COMMA = Pattern.compile("\\s*,\\s*");
    private static final Pattern PARENS = Pattern.compile("\\(\\s+|\\s+\\)");

    /** A short, stable id of a normalized statement. */
    static String id(String normalized) {
        long hash = 1125899906842597L;
        for (int i = 0; i < normalized.length(); i++) {
            hash = 31 * hash + normalized.charAt(i);
        }
        return "q" + Long.toHexString(hash & 0xffffffffffL);
    }

    private Fingerprints() {
    }

    /** The normalized SQL. */
    static String fold(String sql) {
        String folded = STRING.matcher(sql.trim()).replaceAll("?");
        folded = BLOB.matcher(folded).replaceAll("?");
        folded = NUMBER.matcher(folded).replaceAll("?");
        folded = WHITESPACE.matcher(folded).replaceAll(" ").toLowerCase(Locale.ROOT);
        folded = COMMA.matcher(folded).replaceAll(", ");
        folded = PARENS.matcher(folded).replaceAll(m -> m.group().trim());
        folded = IN_LIST.matcher(folded).replaceAll("in (?)");
        folded = VALUES_ROWS.matcher(folded).replaceAll("$1");
        return folded.endsWith(";") ? folded.substring(0, folded.length() - 1).trim() : folded;
    }
}
