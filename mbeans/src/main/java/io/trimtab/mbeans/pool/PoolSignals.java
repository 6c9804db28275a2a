package io.trimtab.mbeans.pool;

import io.trimtab.mbeans.optimizer.IntervalMean;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import io.trimtab.mbeans.pool.internal.WaitModel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a managed pool to the optimizer under the names the built-in pool rules expect:
 * <ul>
 *   <li>{@code pool.<name>.waiters}: threads waiting for a connection now;</li>
 *   <li>{@code pool.<name>.timeouts}: borrows that timed out since the previous sample;</li>
 *   <li>{@code pool.<name>.acquireP99Millis}: 99th percentile of the time to get a connection, ms;</li>
 *   <li>{@code pool.<name>.acquireWaitMillis}: mean wait of the borrows timed since the previous sample, ms (0 without borrows); what
 *       verifications of pool resizes are judged on;</li>
 *   <li>{@code pool.<name>.utilization}: active / maxTotal, 0-1;</li>
 *   <li>knob {@code pool.<name>.maxTotal}: within the pool's resize bounds, set through its control's resize; its
 *       model ({@link WaitModel}, Erlang C over the load in connections) predicts the waiters at any size.</li>
 * </ul>
 * Signals read the pool's figures only when sampled and never throw: a failed read skips the sample.
 */
public final class PoolSignals {

    /**
     * Heap bytes one connection is assumed to hold, for the optimizer's memory budget. An estimate, not a
     * measurement: the driver's and DBCP2's objects and buffers, a few statements. Native memory, such as
     * SQLite's page cache, is not counted.
     */
    public static final long ESTIMATED_BYTES_PER_CONNECTION = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PoolSignals.class);

    private PoolSignals() {
    }

    /** The resource name of a pool in the optimizer: {@code pool.<name>}. */
    public static String resource(ManagedPool pool) {
        return "pool." + pool.name();
    }

    /**
     * Publishes the pool's signals and its knob.
     *
     * @throws IllegalArgumentException if the pool's name does not make legal signal names
     * @throws IllegalStateException    if the pool is bound already; nothing is published then
     */
    public static void bind(ManagedPool pool, SignalRegistry registry) {
        Objects.requireNonNull(pool, "pool");
        String resource = resource(pool);
        if (registry.window(resource + ".waiters").isPresent()) {
            throw new IllegalStateException("pool '" + pool.name() + "' is bound to the optimizer already");
        }
        ConnectionPoolMXBean control = pool.control();
        try {
            registry.publish(new Signal(resource + ".waiters", "count", guarded(control::getWaiters)));
            AtomicLong previousTimeouts = new AtomicLong(control.getTimeouts());
            registry.publish(new Signal(resource + ".timeouts", "count", guarded(() -> {
                long now = control.getTimeouts();
                return Math.max(0, now - previousTimeouts.getAndSet(now));
            })));
            registry.publish(new Signal(resource + ".acquireP99Millis", "ms", guarded(control::getAcquireP99Millis)));
            registry.publish(new Signal(resource + ".acquireWaitMillis", "ms", guarded(new IntervalMean(control::getTimedAcquires,
                    control::getTimedAcquireSeconds, 1000, 0))));
            registry.publish(new Signal(resource + ".utilization", "ratio", guarded(control::getUtilization)));
            registry.publish(Knob.builder(resource + ".maxTotal")
                    .bounds(control.getResizeMinConnections(), control.getResizeMaxConnections()).integral()
                    .bytesPerUnit(ESTIMATED_BYTES_PER_CONNECTION).model(new WaitModel(resource + ".waiters", control))
                    .reader(control::getMaxConnections).setter(value -> control.resize((int) value)).build());
        } catch (RuntimeException e) {
            registry.removeResource(resource);
            throw e;
        }
    }

    /** Removes everything the pool published. */
    public static void unbind(ManagedPool pool, SignalRegistry registry) {
        registry.removeResource(resource(pool));
    }

    /**
     * A listener that binds every pool of a {@link Pools} as it comes, unbinds it as it goes, and sets and pins
     * its knob when an operator changes MaxConnections through its MBean, so that no rule moves it back.
     */
    public static Pools.Listener listener(SignalRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new Pools.Listener() {
            @Override
            public void poolManaged(ManagedPool pool) {
                bind(pool, registry);
            }

            @Override
            public void poolReleasing(ManagedPool pool) {
                unbind(pool, registry);
            }

            @Override
            public void poolResizedByOperator(ManagedPool pool, int maxTotal) {
                registry.knob(resource(pool) + ".maxTotal").ifPresent(knob -> {
                    // Set again, under the knob's lock: a rule's change that landed between the resize and now is undone.
                    knob.setByOperator(maxTotal);
                    LOG.info("Pool '{}' set to maxTotal {} by an operator: the optimizer leaves it there until "
                            + "its knob is unpinned", pool.name(), maxTotal);
                });
            }

            @Override
            public String toString() {
                return "PoolSignals";
            }
        };
    }

    private static DoubleSupplier guarded(DoubleSupplier read) {
        return () -> {
            try {
                return read.getAsDouble();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }
}
