package io.trimtab.mbeans.sqlite.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.sql.ResultSet;

/**
 * The rows of one timed query. SQLite computes rows as they are stepped, so the query's time runs from its
 * execute until {@code next()} answers false or the result set (or its statement) is closed, whichever comes
 * first; the rows stepped are counted. Recorded exactly once. Per row that is one proxy dispatch and one
 * increment; everything but {@code next} and {@code close} goes straight to the driver.
 */
final class MeasuredResults implements InvocationHandler {

    private static final Constructor<?> RESULT_SET = MeasuredStatements.proxyConstructor(ResultSet.class);

    private final QueryStatistics statistics;
    private final String sql;
    private final Object[] parameters;
    private final long startedNanos;
    private ResultSet target;
    private long rows;
    private boolean finished;

    MeasuredResults(QueryStatistics statistics, String sql, Object[] parameters, long startedNanos) {
        this.statistics = statistics;
        this.sql = sql;
        this.parameters = parameters;
        this.startedNanos = startedNanos;
    }

    ResultSet wrap(ResultSet rs) {
        target = rs;
        return (ResultSet) MeasuredStatements.instance(RESULT_SET, this);
    }

    /** Records the query: its time until now and the rows stepped so far. Later calls do nothing. */
    void finish() {
        if (!finished) {
            finished = true;
            statistics.record(sql, parameters, System.nanoTime() - startedNanos, null, rows);
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("next") && args == null) {
            boolean more = target.next();
            if (more) {
                rows++;
            } else {
                finish();
            }
            return more;
        }
        if (name.equals("close") && args == null) {
            try {
                target.close();
            } finally {
                finish();
            }
            return null;
        }
        Object own = MeasuredStatements.objectMethod(proxy, target, method, args);
        return own != null ? own : MeasuredStatements.call(target, method, args);
    }
}
