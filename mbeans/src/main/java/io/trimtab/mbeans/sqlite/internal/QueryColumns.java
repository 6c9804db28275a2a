package io.trimtab.mbeans.sqlite.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which columns of one table a normalized query filters, joins or sorts on, in the order an index should have
 * them: equality columns, then one range column, then (without a range) the ORDER BY columns. At most three.
 */
final class QueryColumns {

    private static final int MAX_COLUMNS = 3;
    private static final Pattern CLAUSE_END = Pattern.compile(" (?:group by|order by|limit|having|union|window) ");

    private QueryColumns() {
    }

    static List<String> forIndex(String sql, String table, String alias, List<String> tableColumns) {
        String filters = filterText(sql);
        String orderBy = orderByText(sql);
        List<String> equalities = new ArrayList<>();
        String range = null;
        List<String> sorted = new ArrayList<>();
        for (String column : tableColumns) {
            String ref = "(?<![\\w.])(?:(?:" + Pattern.quote(table.toLowerCase(Locale.ROOT)) + "|"
                    + Pattern.quote(alias.toLowerCase(Locale.ROOT)) + ")\\.)?" + Pattern.quote(column.toLowerCase(Locale.ROOT))
                    + "(?![\\w.])";
            if (Pattern.compile(ref + " ?(?:=|==| is | in \\()").matcher(filters).find()
                    || Pattern.compile("(?:=|==) ?" + ref).matcher(filters).find()) {
                equalities.add(column);
            } else if (range == null && Pattern.compile(ref + " ?(?:<(?!>)|>| between | like | glob )").matcher(filters).find()) {
                range = column;
            }
            Matcher order = Pattern.compile(ref).matcher(orderBy);
            if (order.find()) {
                sorted.add(column);
            }
        }
        List<String> columns = new ArrayList<>(equalities);
        if (range != null) {
            columns.add(range);
        } else {
            sorted.stream().filter(c -> !columns.contains(c)).forEach(columns::add);
        }
        return columns.size() > MAX_COLUMNS ? columns.subList(0, MAX_COLUMNS) : columns;
    }

    /** The WHERE clause and every join's ON condition. */
    private static String filterText(String sql) {
        StringBuilder text = new StringBuilder();
        int where = sql.indexOf(" where ");
        if (where >= 0) {
            text.append(untilClauseEnd(sql.substring(where + 6)));
        }
        Matcher on = Pattern.compile(" on (.+?)(?= (?:join|left|inner|cross|where|group|order|limit) |$)").matcher(sql);
        while (on.find()) {
            text.append(' ').append(on.group(1));
        }
        return text.append(' ').toString();
    }

    private static String orderByText(String sql) {
        int order = sql.indexOf(" order by ");
        return order < 0 ? "" : untilClauseEnd(sql.substring(order + 9) + " ");
    }

    private static String untilClauseEnd(String text) {
        Matcher end = CLAUSE_END.matcher(text);
        return end.find() ? text.substring(0, end.start()) : text;
    }
}
