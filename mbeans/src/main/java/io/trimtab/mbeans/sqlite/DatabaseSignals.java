package io.trimtab.mbeans.sqlite;

import io.trimtab.mbeans.optimizer.IntervalMean;
import io.trimtab.mbeans.optimizer.Operation;
import io.trimtab.mbeans.optimizer.Signal;
import io.trimtab.mbeans.optimizer.SignalRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link ManagedDatabase} to the optimizer under the resource {@code db.<name>}: the signals and
 * operations the built-in {@code db.*} rules bind to. Everything is read through the database's
 * {@link DatabaseMXBean}, the operator's view, and only when the registry samples it.
 *
 * <table>
 * <caption>Signals (a value that cannot be read skips that sample)</caption>
 * <tr><td>{@code walBytes}</td><td>size of the WAL file; only a TRUNCATE checkpoint, or a rewind past
 *     {@code journal_size_limit}, shrinks it</td></tr>
 * <tr><td>{@code freelistRatio}</td><td>free pages / pages</td></tr>
 * <tr><td>{@code secondsSinceOptimize}</td><td>since the last successful {@code PRAGMA optimize}</td></tr>
 * <tr><td>{@code writesSinceOptimize}</td><td>rows changed through the data source since then, by update counts</td></tr>
 * <tr><td>{@code queryP99Millis}</td><td>p99 over the recent executions of every fingerprint together: each
 *     contributes up to 256, so rare statements weigh above their share of calls</td></tr>
 * <tr><td>{@code queryMillis}</td><td>mean time of the statements run since the previous sample; what verifications
 *     of database operations are judged on</td></tr>
 * <tr><td>{@code fullScanQueries}</td><td>index suggestions to act on: those still {@code proposed}, and the indexes
 *     the advisor kept that the workload stopped using ({@code unused}); the advisor re-plans the top queries, so
 *     this is computed at most once a minute and the count cached in between</td></tr>
 * </table>
 *
 * <p>Operations: {@code checkpointPassive}, {@code checkpointRestart}, {@code checkpointTruncate}, {@code optimize},
 * {@code incrementalVacuum} (as many pages as are free) and {@code applyIndexSuggestion} (drops the indexes the
 * advisor kept that became unused, then applies the costliest proposed suggestion: the {@code db.slowFullScan}
 * rule runs it only in {@code auto}, and recommends it otherwise). Each returns what it did; a maintenance answer of {@code busy} or {@code failed} is thrown, so the journal
 * records a failure.
 */
public final class DatabaseSignals {

    /** How long the count of full-scan suggestions is reused before the advisor is asked again. */
    public static final long FULL_SCAN_REFRESH_MILLIS = TimeUnit.MINUTES.toMillis(1);
    private static final Pattern SIGNAL_WORD = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseSignals.class);

    private final DatabaseMXBean db;
    private final DataSource pool;
    private final String resource;
    private final Object fullScanLock = new Object();
    private long fullScanReadNanos;
    private double fullScanCount = Double.NaN;

    private DatabaseSignals(ManagedDatabase database) {
        this.db = database.management();
        this.pool = database.pool();
        this.resource = resourceOf(database);
    }

    /** The optimizer's resource name of a database: {@code db.<name>}. */
    public static String resourceOf(ManagedDatabase database) {
        return "db." + database.name();
    }

    /**
     * Publishes the database's signals and operations into {@code registry}. A database whose name is not a
     * single signal word (letters, digits, {@code _}, {@code -}) is not published, with a warning saying so.
     *
     * @return whether it was published
     * @throws IllegalStateException if the database is already published there
     */
    public static boolean bind(ManagedDatabase database, SignalRegistry registry) {
        if (!SIGNAL_WORD.matcher(database.name()).matches()) {
            LOG.warn("Database '{}' is not published to the optimizer: its name must be letters, digits, '_' or '-'"
                    + " to form signal names such as db.<name>.walBytes; open it under such a name", database.name());
            return false;
        }
        new DatabaseSignals(database).publishTo(registry);
        return true;
    }

    /** Removes everything {@link #bind} published for the database. */
    public static void unbind(ManagedDatabase database, SignalRegistry registry) {
        registry.removeResource(resourceOf(database));
    }

    /** A listener that binds every database as it opens and unbinds it as it closes. */
    public static DatabaseListener listener(SignalRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        return new DatabaseListener() {
            @Override
            public void opened(ManagedDatabase database) {
                bind(database, registry);
            }

            @Override
            public void closing(ManagedDatabase database) {
                unbind(database, registry);
            }

            @Override
            public String toString() {
                return "DatabaseSignals";
            }
        };
    }

    private void publishTo(SignalRegistry registry) {
        registry.publish(signal("walBytes", "bytes", () -> known(db.getWalSizeBytes())));
        registry.publish(signal("freelistRatio", "ratio", this::freelistRatio));
        registry.publish(signal("secondsSinceOptimize", "s", db::getSecondsSinceOptimize));
        registry.publish(signal("writesSinceOptimize", "rows", db::getWritesSinceOptimize));
        registry.publish(signal("queryP99Millis", "ms", db::getQueryP99Millis));
        registry.publish(signal("queryMillis", "ms", new IntervalMean(db::getExecutions, db::getExecutionMillis, 1, Double.NaN)));
        registry.publish(signal("fullScanQueries", "count", this::fullScanQueries));
        registry.publish(operation("checkpointPassive", () -> checkpoint("PASSIVE")));
        registry.publish(operation("checkpointRestart", () -> checkpoint("RESTART")));
        registry.publish(operation("checkpointTruncate", () -> checkpoint("TRUNCATE")));
        registry.publish(operation("optimize", () -> maintained(db.optimize())));
        if (incrementalAutoVacuum()) {
            // Elsewhere incremental_vacuum frees nothing; without the operation the rule recommends a VACUUM instead.
            registry.publish(operation("incrementalVacuum", this::incrementalVacuum));
        }
        registry.publish(operation("applyIndexSuggestion", this::applyIndexSuggestion));
    }

    /** Whether the file is in {@code auto_vacuum=INCREMENTAL}, read once at bind on a connection of the raw pool. */
    private boolean incrementalAutoVacuum() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet mode = statement.executeQuery("PRAGMA auto_vacuum")) {
            return mode.next() && mode.getInt(1) == 2;
        } catch (SQLException e) {
            LOG.warn("Database '{}': cannot read auto_vacuum, so no incremental vacuum is offered to the optimizer: {}",
                    resource, e.toString());
            return false;
        }
    }

    private Signal signal(String figure, String unit, DoubleSupplier supplier) {
        return new Signal(resource + "." + figure, unit, supplier);
    }

    private Operation operation(String name, Callable<String> action) {
        return new Operation(resource + "." + name, action);
    }

    /** The bean answers -1 for a figure it could not read, e.g. while a long maintenance operation runs. */
    private static double known(long value) {
        return value < 0 ? Double.NaN : value;
    }

    private double freelistRatio() {
        long pages = db.getPages();
        long free = db.getFreelistPages();
        if (pages < 0 || free < 0) {
            return Double.NaN;
        }
        return pages == 0 ? 0 : (double) free / pages;
    }

    private double fullScanQueries() {
        synchronized (fullScanLock) {
            long now = System.nanoTime();
            if (Double.isNaN(fullScanCount) || now - fullScanReadNanos >= TimeUnit.MILLISECONDS.toNanos(FULL_SCAN_REFRESH_MILLIS)) {
                fullScanReadNanos = now;
                try {
                    List<IndexSuggestion> known = db.indexSuggestions();
                    fullScanCount = proposed(known).size() + known.stream().filter(s -> s.status().equals("unused")).count();
                } catch (RuntimeException e) {
                    LOG.debug("Database signal {}.fullScanQueries could not be read: {}", resource, e.toString());
                }
            }
            return fullScanCount;
        }
    }

    private static List<IndexSuggestion> proposed(List<IndexSuggestion> known) {
        return known.stream().filter(s -> s.status().equals("proposed"))
                .sorted(Comparator.comparingDouble(IndexSuggestion::totalMillis).reversed()).toList();
    }

    private String checkpoint(String mode) {
        CheckpointResult result = db.checkpoint(mode);
        return String.format(Locale.ROOT, "%s checkpoint %s: %d of %d frames checkpointed, WAL now %d bytes",
                mode, result.completed() ? "completed" : "did not complete", result.checkpointedFrames(),
                result.logFrames(), result.walSizeBytes());
    }

    private String incrementalVacuum() {
        long free = db.getFreelistPages();
        if (free == 0) {
            return "nothing to free: no free pages";
        }
        int pages = (int) Math.max(1, Math.min(free, 1_000_000));
        return maintained(db.incrementalVacuum(pages));
    }

    private String applyIndexSuggestion() {
        synchronized (fullScanLock) {
            fullScanCount = Double.NaN; // whatever happens, count again at the next sample
        }
        StringBuilder done = new StringBuilder();
        for (IndexSuggestion unused : db.dropUnusedSuggestedIndexes()) {
            done.append("dropped unused index ").append(unused.indexName()).append("; ");
        }
        List<IndexSuggestion> proposed = proposed(db.indexSuggestions());
        if (proposed.isEmpty()) {
            return done + "no index suggestion to apply";
        }
        IndexSuggestion outcome = db.applySuggestion(proposed.get(0).id());
        return done + outcome.status() + ": " + outcome.createSql() + " (" + outcome.detail() + ")";
    }

    private static String maintained(MaintenanceResult result) {
        if (!result.outcome().equals("ok")) {
            throw new IllegalStateException(result.operation() + " " + result.outcome() + ": " + result.detail());
        }
        return result.operation() + ": " + result.detail();
    }
}
