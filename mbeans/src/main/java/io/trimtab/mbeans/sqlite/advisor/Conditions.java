package io.trimtab.mbeans.sqlite.advisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.schema.Column;

/**
 * Sorts a WHERE or ON condition into the terms an index can serve: equalities ({@code =}, {@code IN}, {@code IS},
 * {@code IS NULL}, each pair of a row-value {@code =}), ranges ({@code <}, {@code >}, {@code BETWEEN},
 * {@code LIKE}, {@code IS NOT NULL}) and join
 * columns, each on the table reference its column belongs to. An OR is kept as its branches (SQLite can answer
 * it with one index per branch), never read as an AND. An explicit {@code COLLATE} is kept with its column, since
 * only an index of that collation serves the term. Anything else serves no index and is left out.
 */
final class Conditions {

    private final Scope scope;

    Conditions(Scope scope) {
        this.scope = scope;
    }

    void add(Expression condition) {
        if (condition != null) {
            conjunct(condition, null);
        }
    }

    /** {@code branch} is null at the top level, else the OR branch the terms go to. */
    private void conjunct(Expression expression, Map<TableUse, Terms> branch) {
        Expression e = unwrap(expression);
        if (e instanceof AndExpression and) {
            conjunct(and.getLeftExpression(), branch);
            conjunct(and.getRightExpression(), branch);
        } else if (e instanceof OrExpression or && branch == null) {
            branches(or);
        } else {
            term(e, branch);
        }
    }

    private void branches(OrExpression or) {
        List<Map<TableUse, Terms>> branches = new ArrayList<>();
        for (Expression alternative : flatten(or, new ArrayList<>())) {
            Map<TableUse, Terms> branch = new LinkedHashMap<>();
            conjunct(alternative, branch);
            branches.add(branch);
        }
        Set<TableUse> touched = new LinkedHashSet<>();
        branches.forEach(b -> touched.addAll(b.keySet()));
        for (TableUse use : touched) {
            for (Map<TableUse, Terms> branch : branches) {
                Terms terms = branch.getOrDefault(use, new Terms());
                use.orBranches.add(new TableUse.Branch(List.copyOf(terms.equalities), List.copyOf(terms.ranges)));
            }
        }
    }

    private static List<Expression> flatten(Expression expression, List<Expression> into) {
        Expression e = unwrap(expression);
        if (e instanceof OrExpression or) {
            flatten(or.getLeftExpression(), into);
            flatten(or.getRightExpression(), into);
        } else {
            into.add(e);
        }
        return into;
    }

    private void term(Expression e, Map<TableUse, Terms> branch) {
        if (e instanceof EqualsTo equals && rowValues(equals) != null) {
            List<Expression[]> pairs = rowValues(equals);
            pairs.forEach(pair -> comparison(pair[0], pair[1], true, branch));
        } else if (e instanceof EqualsTo equals) {
            comparison(equals, true, branch);
        } else if (e instanceof IsDistinctExpression is && is.isNot()) {
            comparison(is.getLeftExpression(), is.getRightExpression(), true, branch);
        } else if (e instanceof ComparisonOperator comparison && !(e instanceof NotEqualsTo)) {
            comparison(comparison, false, branch);
        } else if (e instanceof Between between && !between.isNot()) {
            column(between.getLeftExpression(), false, branch);
        } else if (e instanceof InExpression in && !in.isNot()) {
            column(in.getLeftExpression(), true, branch);
        } else if (e instanceof IsNullExpression isNull) {
            column(isNull.getLeftExpression(), !isNull.isNot(), branch);
        } else if (e instanceof LikeExpression like && !like.isNot()) {
            column(like.getLeftExpression(), false, branch);
        }
    }

    /** {@code (a, b) = (?, ?)}: the pairs of a row-value equality, or null if it is none. */
    private static List<Expression[]> rowValues(EqualsTo equals) {
        if (equals.getLeftExpression() instanceof ParenthesedExpressionList<?> left
                && equals.getRightExpression() instanceof ParenthesedExpressionList<?> right
                && left.size() > 1 && left.size() == right.size()) {
            List<Expression[]> pairs = new ArrayList<>();
            for (int i = 0; i < left.size(); i++) {
                pairs.add(new Expression[] {left.get(i), right.get(i)});
            }
            return pairs;
        }
        return null;
    }

    private void comparison(ComparisonOperator comparison, boolean equality, Map<TableUse, Terms> branch) {
        comparison(comparison.getLeftExpression(), comparison.getRightExpression(), equality, branch);
    }

    private void comparison(Expression leftSide, Expression rightSide, boolean equality, Map<TableUse, Terms> branch) {
        Expression left = unwrap(leftSide);
        Expression right = unwrap(rightSide);
        String collation = collation(leftSide) != null ? collation(leftSide) : collation(rightSide);
        TableUse leftUse = left instanceof Column c ? scope.resolve(c) : null;
        TableUse rightUse = right instanceof Column c ? scope.resolve(c) : null;
        if (leftUse != null && rightUse != null) {
            if (leftUse != rightUse && branch == null) {
                join(leftUse, (Column) left, equality);
                join(rightUse, (Column) right, equality);
            }
            return;
        }
        if (leftUse != null) {
            collated(leftUse, (Column) left, collation);
            record(leftUse, Scope.columnName((Column) left), equality, branch);
        } else if (rightUse != null) {
            collated(rightUse, (Column) right, collation);
            record(rightUse, Scope.columnName((Column) right), equality, branch);
        }
    }

    /** An explicit collation decides which index can serve the term: one with that collation on the column. */
    static void collated(TableUse use, Column column, String collation) {
        if (collation != null && !collation.equals("binary")) {
            use.collations.put(Scope.columnName(column), collation);
        }
    }

    /** The outermost explicit {@code COLLATE} of an operand (SQLite takes the left operand's first), or null. */
    static String collation(Expression expression) {
        Expression e = expression;
        while (true) {
            if (e instanceof CollateExpression collate) {
                return Scope.unquote(collate.getCollate());
            } else if (e instanceof Parenthesis p) {
                e = p.getExpression();
            } else if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
                e = list.get(0);
            } else {
                return null;
            }
        }
    }

    private void join(TableUse use, Column column, boolean equality) {
        String name = Scope.columnName(column);
        if (equality) {
            use.joins.add(name);
        } else {
            use.ranges.add(name);
        }
    }

    private void column(Expression expression, boolean equality, Map<TableUse, Terms> branch) {
        if (unwrap(expression) instanceof Column column) {
            TableUse use = scope.resolve(column);
            if (use != null) {
                collated(use, column, collation(expression));
                record(use, Scope.columnName(column), equality, branch);
            }
        }
    }

    private static void record(TableUse use, String column, boolean equality, Map<TableUse, Terms> branch) {
        if (branch == null) {
            (equality ? use.equalities : use.ranges).add(column);
        } else {
            Terms terms = branch.computeIfAbsent(use, u -> new Terms());
            (equality ? terms.equalities : terms.ranges).add(column);
        }
    }

    /** Parentheses and collations around a column or value; an index on the column decides by the planner. */
    static Expression unwrap(Expression expression) {
        Expression e = expression;
        while (true) {
            if (e instanceof Parenthesis p) {
                e = p.getExpression();
            } else if (e instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
                e = list.get(0);
            } else if (e instanceof CollateExpression collate) {
                e = collate.getLeftExpression();
            } else {
                return e;
            }
        }
    }

    private static final class Terms {
        final Set<String> equalities = new LinkedHashSet<>();
        final Set<String> ranges = new LinkedHashSet<>();
    }
}
