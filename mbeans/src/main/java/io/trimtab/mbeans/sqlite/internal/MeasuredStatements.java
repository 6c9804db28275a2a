package io.trimtab.mbeans.sqlite.internal;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;

/**
 * Thin proxies that time statements: a borrowed connection hands out statements whose {@code execute*} calls are
 * timed and recorded in the query statistics; every other call goes straight to the driver. Per execution that is
 * two clock reads and one lookup by statement text. A query's result set is wrapped (see {@link MeasuredResults}):
 * SQLite does its work while rows are stepped, so a query's time runs until its rows are exhausted or closed. A prepared
 * statement whose text the statistics do not know yet keeps its parameters, so the first execution of a
 * fingerprint can be replayed by the index advisor.
 */
final class MeasuredStatements {

    /** SQLite's default limit on the parameters of one statement. */
    private static final int MAX_PARAMETERS = 32_766;
    private static final Constructor<?> CONNECTION = proxyConstructor(Connection.class);
    private static final Constructor<?> STATEMENT = proxyConstructor(Statement.class);
    private static final Constructor<?> PREPARED = proxyConstructor(PreparedStatement.class);
    private static final Constructor<?> CALLABLE = proxyConstructor(CallableStatement.class);

    private MeasuredStatements() {
    }

    static Connection connection(Connection connection, QueryStatistics statistics) {
        return (Connection) instance(CONNECTION, new ConnectionHandler(connection, statistics));
    }

    static Constructor<?> proxyConstructor(Class<?> type) {
        try {
            Object probe = Proxy.newProxyInstance(MeasuredStatements.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> null);
            return probe.getClass().getConstructor(InvocationHandler.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object instance(Constructor<?> constructor, InvocationHandler handler) {
        try {
            return constructor.newInstance(handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** equals, hashCode and toString of a proxy; null for any other method. */
    static Object objectMethod(Object proxy, Object target, Method method, Object[] args) {
        switch (method.getName()) {
            case "equals":
                return args != null && args.length == 1 && proxy == args[0];
            case "hashCode":
                return method.getParameterCount() == 0 ? System.identityHashCode(proxy) : null;
            case "toString":
                return method.getParameterCount() == 0 ? "measured " + target : null;
            default:
                return null;
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {

        private final Connection target;
        private final QueryStatistics statistics;

        ConnectionHandler(Connection target, QueryStatistics statistics) {
            this.target = target;
            this.statistics = statistics;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "createStatement":
                    return instance(STATEMENT, new StatementHandler((Statement) call(target, method, args),
                            (Connection) proxy, statistics, null));
                case "prepareStatement":
                    return instance(PREPARED, new StatementHandler((Statement) call(target, method, args),
                            (Connection) proxy, statistics, (String) args[0]));
                case "prepareCall":
                    return instance(CALLABLE, new StatementHandler((Statement) call(target, method, args),
                            (Connection) proxy, statistics, (String) args[0]));
                default:
                    Object own = objectMethod(proxy, target, method, args);
                    return own != null ? own : call(target, method, args);
            }
        }
    }

    private static final class StatementHandler implements InvocationHandler {

        private final Statement target;
        private final Connection connection;
        private final QueryStatistics statistics;
        /** The text of a prepared statement; null for a plain one, whose text comes with each execution. */
        private final String prepared;
        /** Parameters set since the last execution, kept only while the statistics have no sample of the text. */
        private Object[] parameters;
        /** The first statement added to a plain statement's batch. */
        private String batched;
        /** The result set of the last query, recorded once its rows are exhausted or it is closed. */
        private MeasuredResults pending;

        StatementHandler(Statement target, Connection connection, QueryStatistics statistics, String prepared) {
            this.target = target;
            this.connection = connection;
            this.statistics = statistics;
            this.prepared = prepared;
            this.parameters = prepared != null && !statistics.knows(prepared) ? new Object[0] : null;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.startsWith("execute")) {
                return timed(method, args);
            }
            if (parameters != null && name.startsWith("set") && args != null && args.length >= 2
                    && args[0] instanceof Integer) {
                keep((Integer) args[0], name.equals("setNull") ? null : args[1]);
            } else if (name.equals("clearParameters") && parameters != null) {
                parameters = new Object[0];
            } else if (name.equals("addBatch") && args != null && batched == null) {
                batched = (String) args[0];
            } else if (name.equals("clearBatch")) {
                batched = null;
            } else if (name.equals("getConnection")) {
                return connection;
            } else if (name.equals("getResultSet")) {
                ResultSet rs = (ResultSet) call(target, method, args);
                return pending != null && rs != null ? pending.wrap(rs) : rs;
            } else if (name.equals("close")) {
                finishPending();
            } else {
                Object own = objectMethod(proxy, target, method, args);
                if (own != null) {
                    return own;
                }
            }
            return call(target, method, args);
        }

        private Object timed(Method method, Object[] args) throws Throwable {
            finishPending();
            boolean withText = args != null && args.length > 0 && args[0] instanceof String;
            String sql = withText ? (String) args[0] : prepared != null ? prepared : batched;
            Object[] values = withText ? null : parameters;
            Object result = null;
            boolean deferred = false;
            long started = System.nanoTime();
            try {
                result = call(target, method, args);
                if (result instanceof ResultSet rs) {
                    deferred = true;
                    pending = new MeasuredResults(statistics, sql, values, started);
                    return pending.wrap(rs);
                }
                if (Boolean.TRUE.equals(result) && method.getName().equals("execute")) {
                    deferred = true; // a query: its rows come through getResultSet
                    pending = new MeasuredResults(statistics, sql, values, started);
                }
                return result;
            } finally {
                if (!deferred) {
                    statistics.record(sql, values, System.nanoTime() - started, result, 0);
                }
                if (method.getName().contains("Batch")) {
                    batched = null;
                }
                if (parameters != null && (deferred || statistics.knows(prepared))) {
                    parameters = null; // a deferred record takes its sample from the values it holds
                }
            }
        }

        private void finishPending() {
            if (pending != null) {
                pending.finish();
                pending = null;
            }
        }

        private void keep(int index, Object value) {
            if (index < 1 || index > MAX_PARAMETERS) {
                return; // the driver refuses it anyway
            }
            if (index > parameters.length) {
                parameters = Arrays.copyOf(parameters, index);
            }
            parameters[index - 1] = value;
        }
    }
}
