package io.trimtab.mbeans.sqlite.advisor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.statement.update.Update;

/**
 * Parses a statement with JSqlParser into its {@link StatementShape}: every reference to a real table, through
 * aliases, joins, subqueries, derived tables and CTEs, with what each SELECT level asks of it. SQLite's own syntax
 * is first rewritten by {@link SqliteDialect}. A statement the parser refuses, or of a kind it does not know, has
 * no shape: the caller counts it and moves on, nothing is guessed.
 */
public final class StatementShapes {

    private final Function<String, Set<String>> columnsOf;
    private final Set<String> cteNames = new HashSet<>();
    private final List<TableUse> found = new ArrayList<>();

    private StatementShapes(Function<String, Set<String>> columnsOf) {
        this.columnsOf = columnsOf;
    }

    /**
     * The shape of {@code sql}, or empty if it cannot be parsed.
     *
     * @param columnsOf the columns (lower case) of a table (lower case); empty for a name that is no table
     */
    public static Optional<StatementShape> parse(String sql, Function<String, Set<String>> columnsOf) {
        try {
            Statement statement = CCJSqlParserUtil.parse(SqliteDialect.forParser(sql),
                    parser -> parser.withSquareBracketQuotation(true));
            StatementShapes shapes = new StatementShapes(columnsOf);
            String kind = shapes.statement(statement);
            return kind == null ? Optional.empty() : Optional.of(new StatementShape(kind, List.copyOf(shapes.found)));
        } catch (JSQLParserException | RuntimeException e) {
            return Optional.empty(); // JSqlParser also signals some syntax it cannot take with runtime exceptions
        }
    }

    private String statement(Statement statement) {
        if (statement instanceof Select select) {
            select(select, null);
            return "select";
        }
        if (statement instanceof Insert insert) {
            Scope target = new Scope(null, columnsOf);
            table(insert.getTable(), target);
            found.addAll(target.tables); // it reads nothing of it, but every index of it costs the insert
            if (insert.getSelect() != null && !(insert.getSelect() instanceof net.sf.jsqlparser.statement.select.Values)) {
                select(insert.getSelect(), null);
            }
            return "insert";
        }
        if (statement instanceof Update update) {
            filtered(update.getTable(), update.getWhere());
            return "update";
        }
        if (statement instanceof Delete delete) {
            filtered(delete.getTable(), delete.getWhere());
            return "delete";
        }
        return null;
    }

    private void filtered(Table table, Expression where) {
        Scope scope = new Scope(null, columnsOf);
        table(table, scope);
        new Conditions(scope).add(where);
        ColumnsRead read = new ColumnsRead(scope);
        read.add(where);
        found.addAll(scope.tables);
        read.subqueries.forEach(sub -> select(sub, scope));
    }

    private void select(Select select, Scope outer) {
        if (select.getWithItemsList() != null) {
            for (WithItem<?> with : select.getWithItemsList()) {
                cteNames.add(Scope.unquote(with.getAliasName()));
                select(with.getSelect(), outer);
            }
        }
        if (select instanceof PlainSelect plain) {
            plain(plain, outer);
        } else if (select instanceof SetOperationList union) {
            union.getSelects().forEach(s -> select(s, outer));
        } else if (select instanceof ParenthesedSelect parenthesed) {
            select(parenthesed.getSelect(), outer);
        }
    }

    private void plain(PlainSelect select, Scope outer) {
        Scope scope = new Scope(outer, columnsOf);
        List<Select> derived = new ArrayList<>();
        from(select.getFromItem(), scope, derived);
        List<Join> joins = select.getJoins() == null ? List.of() : select.getJoins();
        for (Join join : joins) {
            from(join.getFromItem(), scope, derived);
        }
        Conditions conditions = new Conditions(scope);
        ColumnsRead read = new ColumnsRead(scope);
        conditions.add(select.getWhere());
        read.add(select.getWhere());
        for (Join join : joins) {
            for (Expression on : join.getOnExpressions()) {
                conditions.add(on);
                read.add(on);
            }
            if (join.getUsingColumns() != null) {
                join.getUsingColumns().forEach(column -> using(Scope.columnName(column), scope));
            }
        }
        read.add(select.getHaving());
        if (select.getSelectItems() != null) {
            for (SelectItem<?> item : select.getSelectItems()) {
                read.add(item.getExpression());
            }
        }
        if (select.getOrderByElements() != null) {
            List<Expression> terms = select.getOrderByElements().stream().map(OrderByElement::getExpression).toList();
            TableUse sorted = soleTable(terms, scope);
            for (OrderByElement element : select.getOrderByElements()) {
                read.add(element.getExpression());
                if (sorted != null) {
                    Conditions.collated(sorted, (Column) Conditions.unwrap(element.getExpression()),
                            Conditions.collation(element.getExpression()));
                    sorted.orderBy.add(new TableUse.Sorted(Scope.columnName((Column) Conditions.unwrap(
                            element.getExpression())), !element.isAsc()));
                }
            }
        }
        GroupByElement group = select.getGroupBy();
        if (group != null && group.getGroupByExpressionList() != null) {
            List<Expression> terms = new ArrayList<>(group.getGroupByExpressionList());
            terms.forEach(read::add);
            TableUse grouped = soleTable(terms, scope);
            if (grouped != null) {
                terms.forEach(t -> grouped.groupBy.add(Scope.columnName((Column) Conditions.unwrap(t))));
            }
        }
        found.addAll(scope.tables);
        derived.forEach(d -> select(d, outer));
        read.subqueries.forEach(sub -> select(sub, scope));
    }

    /** The one table every term is a plain column of, or null. */
    private static TableUse soleTable(List<Expression> terms, Scope scope) {
        TableUse sole = null;
        for (Expression term : terms) {
            TableUse use = Conditions.unwrap(term) instanceof Column c ? scope.resolve(c) : null;
            if (use == null || (sole != null && sole != use)) {
                return null;
            }
            sole = use;
        }
        return sole;
    }

    private void from(FromItem item, Scope scope, List<Select> derived) {
        if (item instanceof Table table) {
            table(table, scope);
        } else if (item instanceof ParenthesedSelect subquery) {
            derived.add(subquery);
        } else if (item instanceof ParenthesedFromItem nested) {
            from(nested.getFromItem(), scope, derived);
            if (nested.getJoins() != null) {
                nested.getJoins().forEach(join -> from(join.getFromItem(), scope, derived));
            }
        }
    }

    private void table(Table table, Scope scope) {
        String name = Scope.unquote(table.getName());
        if (table.getSchemaName() == null && cteNames.contains(name) || columnsOf.apply(name).isEmpty()) {
            return; // a CTE, a view or a name that is no table: no index serves it
        }
        scope.tables.add(new TableUse(name, table.getAlias() == null ? null : Scope.unquote(table.getAlias().getName())));
    }

    private void using(String column, Scope scope) {
        for (TableUse use : scope.tables) {
            if (columnsOf.apply(use.table()).contains(column)) {
                use.joins.add(column);
            }
        }
    }
}
