package io.trimtab.mbeans.sqlite.internal;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.ManagementContext;
import io.trimtab.mbeans.jmx.DescribedMXBean;
import io.trimtab.mbeans.sqlite.DatabaseDefaults;
import io.trimtab.mbeans.sqlite.DatabaseMXBean;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.PoolBinding;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.mbeans.sqlite.SqlWork;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import javax.management.ObjectName;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One managed database: its pool (measured through thin statement proxies), its maintenance connection, its
 * checkpointer, its query statistics and index advisor, and its MBean.
 */
public final class SqliteDatabase implements ManagedDatabase, AutoCloseable {

    /** How often the background checkpointer looks at the WAL. */
    static final long CHECKPOINT_INTERVAL_MILLIS = 200;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

    private final String name;
    private final Path path;
    private final String url;
    private final ManagementContext context;
    private final DatabaseDefaults defaults;
    private final SqliteDataSource pool;
    private final PoolBinding poolBinding;
    private final DataSource measured;
    private final QueryStatistics statistics;
    private final MaintenanceConnection maintenance;
    private final WriteTransactions writes;
    private final Checkpointer checkpointer;
    private final IndexAdvisor advisor;
    private final DatabaseBean bean;
    private final ObjectName objectName;
    private final String metricPrefix;
    private volatile ConnectionSettings settings;
    private ScheduledFuture<?> checkpoints;

    private SqliteDatabase(String name, Path path, Profile profile, ManagementContext context,
                           DatabaseDefaults defaults, PoolBinding poolBinding) {
        this.name = name;
        this.path = path;
        this.url = "jdbc:sqlite:" + path;
        this.context = context;
        this.defaults = defaults;
        this.settings = ConnectionSettings.of(profile, defaults.cacheSizeKib());
        this.pool = SqliteDataSource.pooled(url, () -> settings);
        this.statistics = new QueryStatistics(context.clock());
        this.poolBinding = poolBinding;
        DataSource managedPool = poolBinding.manage(name, pool);
        this.measured = new MeasuredDataSource(managedPool, statistics);
        this.maintenance = new MaintenanceConnection(url, () -> settings);
        ReadWriteLock writeGate = new ReentrantReadWriteLock(true);
        this.writes = new WriteTransactions(managedPool, statistics, writeGate);
        LongSupplier oldestBorrowed = () -> pool.oldestBorrowedMillis(System.currentTimeMillis());
        this.checkpointer = new Checkpointer(name, Path.of(path + "-wal"), maintenance, context.clock(),
                () -> Long.parseLong(settings.values().get(AllowedPragma.BUSY_TIMEOUT)), oldestBorrowed, writeGate);
        this.advisor = new IndexAdvisor(statistics, maintenance,
                new IndexProof(statistics, IndexProof.TIMER, IndexProof.WRITE_TIMER), context.clock());
        this.bean = new DatabaseBean(this, maintenance, checkpointer, statistics, advisor, oldestBorrowed,
                context.clock());
        this.objectName = context.objectName("Database", name);
        this.metricPrefix = MetricRegistry.name("trimtab.database", name);
    }

    /**
     * Opens the database at {@code path} (absolute), checks the profile's pragmas on a first connection, runs
     * {@code PRAGMA optimize=0x10002}, registers its MBean and metrics and schedules its checkpoints.
     *
     * @throws IllegalArgumentException if the file cannot be opened as a SQLite database
     * @throws IllegalStateException    if a connection does not get the profile's pragmas
     */
    public static SqliteDatabase open(String name, Path path, Profile profile, ManagementContext context,
                                      DatabaseDefaults defaults, PoolBinding poolBinding,
                                      ScheduledExecutorService scheduler) {
        SqliteDatabase database = new SqliteDatabase(name, path, profile, context, defaults, poolBinding);
        try {
            database.start(scheduler);
            return database;
        } catch (SQLException e) {
            database.close();
            if (PragmaMismatchException.findIn(e) != null) {
                throw new IllegalStateException("database '" + name + "' at " + path + ": "
                        + PragmaMismatchException.findIn(e).getMessage(), e);
            }
            throw new IllegalArgumentException("path '" + path + "' cannot be opened as a SQLite database: "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private void start(ScheduledExecutorService scheduler) throws SQLException {
        try (Connection first = pool.getConnection()) {
            first.isValid(1); // the pool's connection factory has verified its pragmas
        }
        maintenance.use(c -> {
            MaintenanceConnection.execute(c, "PRAGMA optimize=0x10002");
            return null;
        });
        try {
            advisor.restore();
        } catch (SQLException e) {
            LOG.warn("Database '{}': stored index suggestions could not be restored: {}", name, e.toString());
        }
        context.registrar().register(objectName, new DescribedMXBean(bean, DatabaseMXBean.class));
        registerMetrics();
        checkpoints = scheduler.scheduleWithFixedDelay(checkpointer::tick, CHECKPOINT_INTERVAL_MILLIS,
                CHECKPOINT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        LOG.info("Database '{}' open at {} with {}", name, path, settings.describe());
    }

    private void registerMetrics() {
        MetricRegistry metrics = context.metrics();
        metrics.register(metricPrefix + ".walBytes", (Gauge<Long>) checkpointer::walSizeBytes);
        metrics.register(metricPrefix + ".checkpoints", (Gauge<Long>) checkpointer::count);
        metrics.register(metricPrefix + ".checkpointStarvations", (Gauge<Long>) checkpointer::starvations);
        metrics.register(metricPrefix + ".writeRetries", (Gauge<Long>) writes::retries);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Profile profile() {
        return settings.profile();
    }

    /** The pool, seen through proxies that time every statement for the query statistics. */
    @Override
    public DataSource dataSource() {
        return measured;
    }

    @Override
    public SqliteDataSource pool() {
        return pool;
    }

    @Override
    public <T> T inWriteTransaction(SqlWork<T> work) throws SQLException {
        return writes.run(work);
    }

    @Override
    public DatabaseMXBean management() {
        return bean;
    }

    ConnectionSettings settings() {
        return settings;
    }

    long writeRetries() {
        return writes.retries();
    }

    /** Switches profile. An unsafe profile without the opt-in is refused, and nothing changes. */
    void applyProfile(Profile profile) {
        defaults.requireAllowed(profile);
        changeSettings(settings.withProfile(profile));
    }

    /** Sets one allow-listed pragma on top of the profile, validated first; nothing changes on bad input. */
    String setPragma(String pragmaName, String value) {
        AllowedPragma pragma = AllowedPragma.settable(pragmaName);
        String canonical = pragma.validate(value);
        if (pragma == AllowedPragma.SYNCHRONOUS && canonical.equals("OFF") && !defaults.allowUnsafeProfiles()) {
            throw new IllegalArgumentException("synchronous=OFF is refused: it can lose committed transactions on a"
                    + " power loss; set sqlite.allowUnsafeProfiles=true to allow it");
        }
        changeSettings(settings.withOverride(pragma, canonical));
        return pragma.sqlName() + "=" + canonical;
    }

    /** Proves the new settings on a fresh connection before any pooled connection gets them. */
    private synchronized void changeSettings(ConnectionSettings next) {
        try (Connection probe = SqliteDataSource.openUnpooled(url, next)) {
            probe.isValid(1);
        } catch (SQLException e) {
            throw new IllegalArgumentException("database '" + name + "' cannot take " + next.describe() + ": "
                    + e.getMessage(), e);
        }
        settings = next;
        try {
            pool.reconfigure(next);
        } catch (SQLException e) {
            throw new IllegalStateException("database '" + name + "': restarting the pool failed: " + e, e);
        }
        maintenance.reopen();
        LOG.info("Database '{}' now runs with {}", name, next.describe());
    }

    /**
     * Stops checkpoints, unregisters the MBean and metrics, closes the pool and ends with a TRUNCATE checkpoint,
     * so every committed transaction is in the database file and the WAL is empty.
     */
    @Override
    public void close() {
        if (checkpoints != null) {
            checkpoints.cancel(false);
        }
        context.registrar().unregister(objectName);
        context.metrics().removeMatching(MetricFilter.startsWith(metricPrefix + "."));
        try {
            poolBinding.release(name);
        } catch (RuntimeException e) {
            LOG.warn("Database '{}': releasing its pool failed: {}", name, e.toString());
        }
        try {
            pool.close();
        } catch (SQLException e) {
            LOG.warn("Database '{}': closing the pool failed: {}", name, e.toString());
        }
        try {
            if (checkpoints != null) {
                checkpointer.checkpoint("TRUNCATE");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Database '{}': final checkpoint failed (the WAL keeps the data): {}", name, e.toString());
        }
        maintenance.close();
        checkpointer.close();
    }
}
