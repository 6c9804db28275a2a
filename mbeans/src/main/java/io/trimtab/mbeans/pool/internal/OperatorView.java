package io.trimtab.mbeans.pool.internal;

import io.trimtab.mbeans.pool.ConnectionPoolMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.IntConsumer;

/**
 * The operator's view of a pool: the object its MBean serves. It is the pool's control, plus a report of
 * every successful change of MaxConnections ({@code resize} or a write of the attribute), so that the optimizer can
 * tell an operator's size from its own, which goes through the control directly.
 */
public final class OperatorView {

    private OperatorView() {
    }

    public static ConnectionPoolMXBean of(ConnectionPoolMXBean control, IntConsumer maxTotalSetByOperator) {
        return (ConnectionPoolMXBean) Proxy.newProxyInstance(ConnectionPoolMXBean.class.getClassLoader(),
                new Class<?>[] {ConnectionPoolMXBean.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(control, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    String name = method.getName();
                    if (name.equals("resize") || name.equals("setMaxConnections")) {
                        maxTotalSetByOperator.accept(control.getMaxConnections());
                    }
                    return result;
                });
    }
}
