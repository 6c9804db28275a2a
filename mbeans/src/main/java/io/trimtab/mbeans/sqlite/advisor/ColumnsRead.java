package io.trimtab.mbeans.sqlite.advisor;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Collects the columns a SELECT level reads from each of its tables (what a covering index must hold), and the
 * subqueries inside its expressions, which are analyzed as levels of their own.
 */
final class ColumnsRead extends ExpressionVisitorAdapter<Void> {

    private final Scope scope;
    final List<Select> subqueries = new ArrayList<>();

    ColumnsRead(Scope scope) {
        this.scope = scope;
    }

    void add(Expression expression) {
        if (expression != null) {
            expression.accept(this, null);
        }
    }

    @Override
    public <S> Void visit(Column column, S context) {
        TableUse use = scope.resolve(column);
        if (use != null) {
            use.columns.add(Scope.columnName(column));
        }
        return null;
    }

    @Override
    public <S> Void visit(AllColumns all, S context) {
        scope.tables.forEach(use -> use.allColumns = true);
        return null;
    }

    @Override
    public <S> Void visit(AllTableColumns all, S context) {
        for (TableUse use : scope.tables) {
            if (use.answersTo(Scope.unquote(all.getTable().getName()))) {
                use.allColumns = true;
            }
        }
        return null;
    }

    @Override
    public <S> Void visit(ParenthesedSelect subquery, S context) {
        subqueries.add(subquery);
        return null;
    }

    @Override
    public <S> Void visit(Select select, S context) {
        subqueries.add(select);
        return null;
    }
}
