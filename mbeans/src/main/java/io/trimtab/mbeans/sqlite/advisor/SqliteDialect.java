package io.trimtab.mbeans.sqlite.advisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites the SQLite syntax JSqlParser does not take into standard SQL that asks the same of each table:
 * {@code INSERT OR REPLACE} / {@code REPLACE INTO} / {@code UPDATE OR IGNORE} lose their conflict clause,
 * {@code INDEXED BY i} and {@code NOT INDEXED} are dropped, {@code ==} becomes {@code =}, {@code x IS y} becomes
 * {@code x IS NOT DISTINCT FROM y} (and {@code IS NOT} its negation), a postfix {@code NOT NULL} or
 * {@code NOTNULL} becomes {@code IS NOT NULL} and {@code ISNULL} {@code IS NULL}, a quoted collation name loses
 * its quotes, and {@code GLOB} and {@code MATCH} become {@code LIKE}. Works on tokens, so string
 * literals, quoted names and comments are never touched.
 */
final class SqliteDialect {

    private static final Set<String> CONFLICT_ACTIONS = Set.of("replace", "ignore", "abort", "fail", "rollback");

    private SqliteDialect() {
    }

    static String forParser(String sql) {
        List<String> tokens = tokens(sql);
        StringBuilder out = new StringBuilder(sql.length() + 16);
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String word = token.toLowerCase(Locale.ROOT);
            int next = nextWord(tokens, i + 1);
            String following = next < 0 ? "" : tokens.get(next).toLowerCase(Locale.ROOT);
            if ((word.equals("insert") || word.equals("update")) && following.equals("or")) {
                int action = nextWord(tokens, next + 1);
                if (action >= 0 && CONFLICT_ACTIONS.contains(tokens.get(action).toLowerCase(Locale.ROOT))) {
                    out.append(token);
                    i = action;
                    continue;
                }
            }
            if (word.equals("replace") && following.equals("into") && out.toString().isBlank()) {
                out.append("INSERT");
            } else if (word.equals("indexed") && following.equals("by")) {
                i = Math.max(nextWord(tokens, next + 1), next); // drops INDEXED BY and the index's name
            } else if (word.equals("not") && following.equals("indexed")) {
                i = next;
            } else if (word.equals("not") && following.equals("null") && !previousWord(out).equals("is")) {
                out.append("IS NOT");
            } else if (word.equals("is")) {
                out.append(isOperator(tokens, next, following));
                if (following.equals("not") && !isSpecial(tokens, nextWord(tokens, next + 1))) {
                    i = next;
                }
            } else if (word.equals("collate") && next >= 0 && isQuoted(tokens.get(next))) {
                String name = tokens.get(next);
                out.append(token).append(' ').append(name, 1, name.length() - 1);
                i = next;
            } else if (word.equals("notnull")) {
                out.append("IS NOT NULL");
            } else if (word.equals("isnull")) {
                out.append("IS NULL");
            } else if (token.equals("==")) {
                out.append('=');
            } else if (word.equals("glob") || word.equals("match")) {
                out.append("LIKE");
            } else {
                out.append(token);
            }
        }
        return out.toString();
    }

    /** {@code IS} before NULL, NOT NULL, TRUE, FALSE or DISTINCT stays; before a value it is an equality. */
    private static String isOperator(List<String> tokens, int next, String following) {
        if (isSpecial(tokens, next)) {
            return "IS";
        }
        if (following.equals("not")) {
            return isSpecial(tokens, nextWord(tokens, next + 1)) ? "IS" : "IS DISTINCT FROM";
        }
        return "IS NOT DISTINCT FROM";
    }

    private static boolean isSpecial(List<String> tokens, int index) {
        if (index < 0) {
            return true;
        }
        String word = tokens.get(index).toLowerCase(Locale.ROOT);
        return word.equals("null") || word.equals("true") || word.equals("false") || word.equals("distinct")
                || word.equals("unknown");
    }

    private static int nextWord(List<String> tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (!isSpace(tokens.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String previousWord(StringBuilder out) {
        int end = out.length();
        while (end > 0 && Character.isWhitespace(out.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isLetter(out.charAt(start - 1))) {
            start--;
        }
        return out.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private static boolean isQuoted(String token) {
        return token.length() >= 2 && "\"'`[".indexOf(token.charAt(0)) >= 0;
    }

    private static boolean isSpace(String token) {
        return token.isBlank() || token.startsWith("--") || token.startsWith("/*");
    }

    /** Words, numbers, quoted strings and names, comments, runs of white space, and operators. */
    static List<String> tokens(String sql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"' || c == '`') {
                end = closing(sql, i, c);
            } else if (c == '[') {
                end = sql.indexOf(']', i + 1) < 0 ? n : sql.indexOf(']', i + 1) + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                end = sql.indexOf('\n', i) < 0 ? n : sql.indexOf('\n', i);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                end = sql.indexOf("*/", i + 2) < 0 ? n : sql.indexOf("*/", i + 2) + 2;
            } else if (Character.isWhitespace(c)) {
                end = i;
                while (end < n && Character.isWhitespace(sql.charAt(end))) {
                    end++;
                }
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$') {
                end = i;
                while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
                        || sql.charAt(end) == '$')) {
                    end++;
                }
            } else if (c == '=' && i + 1 < n && sql.charAt(i + 1) == '=') {
                end = i + 2;
            } else {
                end = i + 1;
            }
            tokens.add(sql.substring(i, end));
            i = end;
        }
        return tokens;
    }

    /** The end of a quoted token; a doubled quote inside it is an escaped quote. */
    private static int closing(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }
}
