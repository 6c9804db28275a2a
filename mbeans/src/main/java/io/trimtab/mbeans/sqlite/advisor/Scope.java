package io.trimtab.mbeans.sqlite.advisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;

/**
 * The tables one SELECT level reads (its FROM and joins), inside the levels around it, so a column resolves to
 * the reference it names: by alias or table name when qualified, else the nearest table that has such a column.
 */
final class Scope {

    private final Scope parent;
    private final Function<String, Set<String>> columnsOf;
    final List<TableUse> tables = new ArrayList<>();

    Scope(Scope parent, Function<String, Set<String>> columnsOf) {
        this.parent = parent;
        this.columnsOf = columnsOf;
    }

    Scope parent() {
        return parent;
    }

    /** The reference {@code column} belongs to, or null if it names none (an alias of a result column, say). */
    TableUse resolve(Column column) {
        String name = unquote(column.getColumnName());
        Table qualifier = column.getTable();
        boolean qualified = qualifier != null && qualifier.getName() != null;
        for (Scope scope = this; scope != null; scope = scope.parent) {
            for (TableUse use : scope.tables) {
                if (qualified ? use.answersTo(unquote(qualifier.getName())) : columnsOf.apply(use.table()).contains(name)) {
                    return use;
                }
            }
        }
        return null;
    }

    static String columnName(Column column) {
        return unquote(column.getColumnName());
    }

    static String unquote(String identifier) {
        String name = identifier;
        if (name.length() >= 2 && (name.startsWith("\"") || name.startsWith("`") || name.startsWith("["))) {
            name = name.substring(1, name.length() - 1);
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
