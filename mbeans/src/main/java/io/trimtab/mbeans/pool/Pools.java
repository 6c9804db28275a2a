package io.trimtab.mbeans.pool;

import static io.trimtab.mbeans.Checks.requireArgument;
import static io.trimtab.mbeans.Checks.requireState;

import io.trimtab.mbeans.Listeners;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.DescribedMXBean;
import io.trimtab.mbeans.jmx.ObjectNames;
import io.trimtab.mbeans.pool.internal.BasicDataSources;
import io.trimtab.mbeans.pool.internal.ManagedDataSource;
import io.trimtab.mbeans.pool.internal.OperatorView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.commons.dbcp2.BasicDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pools of one runtime, each with its MBean {@code <domain>:type=ConnectionPool,name=<name>}
 * and its metrics {@code trimtab.pool.<name>.*}. {@link #close()} closes the pools it created, leaves adopted
 * ones open for their owners, and takes every MBean and metric away.
 */
public final class Pools implements AutoCloseable {

    /** The ObjectName {@code type} of a pool's MBean. */
    public static final String MBEAN_TYPE = "ConnectionPool";

    private static final Logger LOG = LoggerFactory.getLogger(Pools.class);
    private static final long MAX_SWEEP_MILLIS = 1_000;
    private static final long MIN_SWEEP_MILLIS = 20;

    private final ManagementContext context;
    private final Map<String, ManagedDataSource> pools = new LinkedHashMap<>();
    private final Map<String, ScheduledFuture<?>> sweeps = new LinkedHashMap<>();
    private final Listeners<Listener> listeners = new Listeners<>("Pool");
    private ScheduledExecutorService sweeper;
    private boolean closed;

    public Pools(ManagementContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Creates, starts and manages a DBCP2 pool.
     *
     * @throws IllegalArgumentException for an illegal name
     * @throws IllegalStateException    if the name is taken, the registry is closed or the pool cannot start
     */
    public synchronized ManagedPool create(String name, PoolSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ObjectName objectName = checkName(name);
        BasicDataSource dataSource = BasicDataSources.start(name, spec);
        return manage(name, objectName, dataSource, false, spec.resizeBounds(), spec.leakDetectionThreshold());
    }

    /**
     * Manages a DBCP2 pool someone else configured (connection properties, init SQL, ...), starting it if it
     * has not started; it may be resized between 1 and its current max total, without leak detection.
     */
    public ManagedPool adopt(String name, BasicDataSource dataSource) {
        return adopt(name, dataSource, new ResizeBounds(1, Math.max(1, dataSource.getMaxTotal())), Duration.ZERO);
    }

    /**
     * Manages a DBCP2 pool someone else configured, resizable within {@code bounds}, with leak detection when
     * {@code leakDetectionThreshold} is above zero. The owner keeps it: closing the runtime leaves it open.
     *
     * @throws IllegalArgumentException for an illegal name, or a max total outside the bounds
     * @throws IllegalStateException    if the name is taken, the registry or the data source is closed
     */
    public synchronized ManagedPool adopt(String name, BasicDataSource dataSource, ResizeBounds bounds,
                                          Duration leakDetectionThreshold) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(bounds, "bounds");
        requireArgument(!leakDetectionThreshold.isNegative(), "leakDetectionThreshold must be at least 0 ms but was %d ms",
                leakDetectionThreshold.toMillis());
        ObjectName objectName = checkName(name);
        BasicDataSources.requireAdoptable(name, dataSource, bounds);
        return manage(name, objectName, dataSource, true, bounds, leakDetectionThreshold);
    }

    /**
     * The pool of that name.
     *
     * @throws IllegalArgumentException naming the pools there are, if there is none of that name
     */
    public synchronized ManagedPool get(String name) {
        ManagedPool pool = pools.get(name);
        requireArgument(pool != null, "no connection pool named '%s'; the pools are %s", name, pools.keySet());
        return pool;
    }

    /** The names of the managed pools, in the order they came. */
    public synchronized List<String> names() {
        return List.copyOf(pools.keySet());
    }

    /**
     * Ends management of one pool: its MBean and metrics go, a pool created here is closed, an adopted one is
     * left open for its owner. A name not managed here is ignored.
     */
    public synchronized void release(String name) {
        ManagedDataSource pool = pools.remove(name);
        if (pool != null) {
            release(pool);
        }
    }

    /**
     * Hears of every pool managed here from now on, and at once of those already managed. A listener that
     * throws is logged and the registry goes on.
     */
    public synchronized void addListener(Listener listener) {
        listeners.add(listener);
        pools.values().forEach(pool -> listeners.tell(listener, "managed", pool.name(), l -> l.poolManaged(pool)));
    }

    /** Stops telling {@code listener}; a listener not added is ignored. */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    /** Ends management of every pool; closes those created here. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> names = new ArrayList<>(pools.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            release(pools.get(names.get(i)));
        }
        pools.clear();
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private ObjectName checkName(String name) {
        ObjectName objectName = context.objectName(MBEAN_TYPE, ObjectNames.requireLegalName("pool", name));
        requireState(!closed, "the pools are closed");
        requireState(!pools.containsKey(name), "a connection pool named '%s' already exists", name);
        return objectName;
    }

    private ManagedPool manage(String name, ObjectName objectName, BasicDataSource dataSource, boolean adopted,
                               ResizeBounds bounds, Duration leakDetectionThreshold) {
        ManagedDataSource pool = new ManagedDataSource(name, objectName, dataSource, adopted, bounds,
                leakDetectionThreshold.toNanos(), context.metrics(), context.clock());
        try {
            pool.registerMetrics();
            ConnectionPoolMXBean operatorView = OperatorView.of(pool.control(),
                    maxTotal -> listeners.fire("resized by an operator", pool.name(), l -> l.poolResizedByOperator(pool, maxTotal)));
            context.registrar().register(objectName, new DescribedMXBean(operatorView, ConnectionPoolMXBean.class));
        } catch (RuntimeException e) {
            pool.removeMetrics();
            pool.close();
            throw e;
        }
        pools.put(name, pool);
        if (pool.tracksLeases()) {
            long period = Math.max(MIN_SWEEP_MILLIS, Math.min(MAX_SWEEP_MILLIS, leakDetectionThreshold.toMillis() / 2));
            sweeps.put(name, sweeper().scheduleWithFixedDelay(() -> sweep(pool), period, period, TimeUnit.MILLISECONDS));
        }
        LOG.info("Connection pool '{}' {}: maxTotal {} within {}, MBean {}", name, adopted ? "adopted" : "created",
                dataSource.getMaxTotal(), bounds, objectName);
        listeners.fire("managed", pool.name(), l -> l.poolManaged(pool));
        return pool;
    }

    private static void sweep(ManagedDataSource pool) {
        try {
            pool.sweepLeases();
        } catch (RuntimeException e) {
            LOG.warn("Pool '{}': leak detection sweep failed: {}", pool.name(), e.toString());
        }
    }

    private void release(ManagedDataSource pool) {
        listeners.fire("releasing", pool.name(), l -> l.poolReleasing(pool));
        ScheduledFuture<?> sweep = sweeps.remove(pool.name());
        if (sweep != null) {
            sweep.cancel(false);
        }
        context.registrar().unregister(pool.objectName());
        pool.removeMetrics();
        try {
            pool.close();
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
        }
    }

    private ScheduledExecutorService sweeper() {
        if (sweeper == null) {
            String threadName = "trimtab-pools-" + context.domain();
            sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, threadName);
                thread.setDaemon(true);
                return thread;
            });
        }
        return sweeper;
    }

    /**
     * Hears pools come and go, e.g. to bind them to the optimizer ({@link PoolSignals#listener}). Calls come
     * under the registry's lock (except {@link #poolResizedByOperator}): keep them short and do not call back
     * into {@link Pools}.
     */
    public interface Listener {

        /** A pool was created or adopted (a database's pool too, under the database's name); its MBean is registered. */
        default void poolManaged(ManagedPool pool) {
        }

        /** Management of the pool ends ({@link #release} or {@link #close}): it is still open now. */
        default void poolReleasing(ManagedPool pool) {
        }

        /** An operator changed MaxConnections through the pool's MBean (JMX or Jolokia); {@code maxTotal} is now in effect. */
        default void poolResizedByOperator(ManagedPool pool, int maxTotal) {
        }
    }
}
