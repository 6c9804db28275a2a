package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.CheckpointResult;
import io.trimtab.mbeans.sqlite.DatabaseMXBean;
import io.trimtab.mbeans.sqlite.IndexAdvice;
import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.MaintenanceResult;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.mbeans.sqlite.QueryStats;
import io.trimtab.mbeans.sqlite.SlowQuery;
import io.trimtab.mbeans.sqlite.SqlWork;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of a {@link SqliteDatabase}: attributes read on the maintenance connection, checkpoints,
 * maintenance (in {@link Maintenance}), query statistics and the index advisor.
 */
final class DatabaseBean implements DatabaseMXBean {

    /** An attribute read waits this long for a running maintenance operation, then answers -1. */
    private static final long READ_WAIT_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBean.class);

    private final SqliteDatabase database;
    private final MaintenanceConnection maintenance;
    private final Checkpointer checkpointer;
    private final QueryStatistics statistics;
    private final IndexAdvisor advisor;
    private final LongSupplier oldestBorrowedMillis;
    private final Maintenance maintenanceOps;
    private final Clock clock;
    /** When the last successful optimize began (the database runs one as it opens), and the rows changed then. */
    private volatile long optimizedAtMillis;
    private volatile long rowsAtOptimize;
    private volatile Pragmas pragmas;

    DatabaseBean(SqliteDatabase database, MaintenanceConnection maintenance, Checkpointer checkpointer,
                 QueryStatistics statistics, IndexAdvisor advisor, LongSupplier oldestBorrowedMillis, Clock clock) {
        this.database = database;
        this.statistics = statistics;
        this.advisor = advisor;
        this.maintenanceOps = new Maintenance(database.name(), maintenance, new TopPlans(statistics, maintenance), clock);
        this.maintenance = maintenance;
        this.checkpointer = checkpointer;
        this.oldestBorrowedMillis = oldestBorrowedMillis;
        this.clock = clock;
        this.optimizedAtMillis = clock.millis();
    }

    @Override
    public String getPath() {
        return database.path().toString();
    }

    @Override
    public String getProfile() {
        return database.profile().id();
    }

    @Override
    public String getDurability() {
        return database.profile().durability();
    }

    @Override
    public String getJournalMode() {
        return pragmas().journalMode();
    }

    @Override
    public String getSynchronous() {
        return AllowedPragma.synchronousName(pragmas().synchronous());
    }

    @Override
    public long getPageSize() {
        return pragmas().pageSize();
    }

    @Override
    public long getPages() {
        return pageCounts()[0];
    }

    @Override
    public long getFreelistPages() {
        return pageCounts()[1];
    }

    @Override
    public long getFileSizeBytes() {
        try {
            return Files.size(database.path());
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public long getWalSizeBytes() {
        return checkpointer.walSizeBytes();
    }

    @Override
    public long getCacheSizeKib() {
        return pragmas().cacheSizeKib();
    }

    @Override
    public long getBusyTimeoutMillis() {
        return pragmas().busyTimeoutMillis();
    }

    @Override
    public long getMmapSizeBytes() {
        return pragmas().mmapSizeBytes();
    }

    @Override
    public List<String> getPragmaOverrides() {
        return database.settings().describeOverrides();
    }

    @Override
    public CheckpointResult getLastCheckpoint() {
        return checkpointer.last();
    }

    @Override
    public long getCheckpoints() {
        return checkpointer.count();
    }

    @Override
    public boolean isCheckpointStarved() {
        return checkpointer.starved();
    }

    @Override
    public long getOldestBorrowedConnectionMillis() {
        return oldestBorrowedMillis.getAsLong();
    }

    @Override
    public MaintenanceResult getLastOptimize() {
        return maintenanceOps.lastOptimize();
    }

    @Override
    public double getSecondsSinceOptimize() {
        return Math.max(0, clock.millis() - optimizedAtMillis) / 1000.0;
    }

    @Override
    public long getWritesSinceOptimize() {
        return Math.max(0, statistics.changedRows() - rowsAtOptimize);
    }

    @Override
    public double getQueryP99Millis() {
        return statistics.p99Nanos() / 1e6;
    }

    @Override
    public long getExecutions() {
        return statistics.executions();
    }

    @Override
    public double getExecutionMillis() {
        return statistics.executionNanos() / 1e6;
    }

    @Override
    public long getWriteRetries() {
        return database.writeRetries();
    }

    @Override
    public String applyProfile(String profile) {
        database.applyProfile(Profile.of(profile));
        return database.settings().describe();
    }

    @Override
    public String setPragma(String name, String value) {
        return database.setPragma(name, value);
    }

    @Override
    public CheckpointResult checkpoint(String mode) {
        String checked = Checkpointer.requireMode(mode);
        try {
            return checkpointer.checkpoint(checked);
        } catch (SQLException e) {
            throw new IllegalStateException("checkpoint(" + checked + ") failed: " + e.getMessage(), e);
        }
    }

    @Override
    public MaintenanceResult optimize() {
        // Taken before it runs: writes that race the optimize count towards the next one.
        long startedAt = clock.millis();
        long rows = statistics.changedRows();
        MaintenanceResult result = maintenanceOps.optimize();
        if (result.outcome().equals("ok")) {
            optimizedAtMillis = startedAt;
            rowsAtOptimize = rows;
        }
        return result;
    }

    @Override
    public MaintenanceResult analyze() {
        return maintenanceOps.analyze();
    }

    @Override
    public MaintenanceResult vacuum() {
        return maintenanceOps.vacuum();
    }

    @Override
    public MaintenanceResult incrementalVacuum(int pages) {
        return maintenanceOps.incrementalVacuum(pages);
    }

    @Override
    public List<String> integrityCheck() {
        return maintenanceOps.integrityCheck();
    }

    @Override
    public List<String> quickCheck() {
        return maintenanceOps.quickCheck();
    }

    @Override
    public List<QueryStats> topQueries(int n) {
        if (n < 1 || n > 100) {
            throw new IllegalArgumentException("n must be between 1 and 100 but was " + n);
        }
        return statistics.top(n);
    }

    @Override
    public List<SlowQuery> getSlowQueries() {
        return statistics.slowQueries();
    }

    @Override
    public long getSlowQueryThresholdMillis() {
        return statistics.slowThresholdMillis();
    }

    @Override
    public void setSlowQueryThresholdMillis(long millis) {
        if (millis < 1 || millis > 600_000) {
            throw new IllegalArgumentException("slowQueryThresholdMillis must be between 1 and 600000 but was " + millis);
        }
        statistics.slowThresholdMillis(millis);
    }

    @Override
    public List<IndexSuggestion> indexSuggestions() {
        try {
            return advisor.suggest();
        } catch (SQLException e) {
            throw new IllegalStateException("index advice failed: " + e.getMessage(), e);
        }
    }

    @Override
    public IndexAdvice getLastIndexAdvice() {
        return advisor.lastAdvice();
    }

    @Override
    public long getUnparsedStatements() {
        return advisor.unparsedStatements();
    }

    @Override
    public List<IndexSuggestion> getKnownIndexSuggestions() {
        return advisor.known();
    }

    @Override
    public IndexSuggestion applySuggestion(String id) {
        try {
            return advisor.apply(id);
        } catch (SQLException e) {
            throw new IllegalStateException("applying suggestion " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public IndexSuggestion dropSuggestedIndex(String name) {
        try {
            return advisor.drop(name);
        } catch (SQLException e) {
            throw new IllegalStateException("dropping index " + name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<IndexSuggestion> dropUnusedSuggestedIndexes() {
        try {
            return advisor.dropUnused();
        } catch (SQLException e) {
            throw new IllegalStateException("dropping unused indexes failed: " + e.getMessage(), e);
        }
    }


    /**
     * The connection pragmas in effect, read in one visit and kept for as long as the maintenance connection they
     * were read on: a change of settings reopens that connection, so reading the bean as a whole does not run a
     * query per attribute.
     */
    private Pragmas pragmas() {
        return read(c -> {
            Pragmas known = pragmas;
            if (known != null && known.connection() == c) {
                return known;
            }
            long pageSize = MaintenanceConnection.queryLong(c, "PRAGMA page_size");
            Pragmas fresh = new Pragmas(c, MaintenanceConnection.queryString(c, "PRAGMA journal_mode"),
                    MaintenanceConnection.queryLong(c, "PRAGMA synchronous"), pageSize,
                    cacheSizeKib(MaintenanceConnection.queryLong(c, "PRAGMA cache_size"), pageSize),
                    MaintenanceConnection.queryLong(c, "PRAGMA busy_timeout"),
                    MaintenanceConnection.queryLong(c, "PRAGMA mmap_size"));
            pragmas = fresh;
            return fresh;
        }, Pragmas.UNAVAILABLE);
    }

    /** Negative cache_size: KiB; positive: pages. */
    private static long cacheSizeKib(long cacheSize, long pageSize) {
        return cacheSize < 0 ? -cacheSize : cacheSize * pageSize / 1024;
    }

    /** Page count and free pages in one statement: they change with every write, so they are read each time. */
    private long[] pageCounts() {
        return read(c -> {
            try (var statement = c.createStatement();
                 var rs = statement.executeQuery("SELECT * FROM pragma_page_count(), pragma_freelist_count()")) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }, new long[] {-1, -1});
    }

    private record Pragmas(Connection connection, String journalMode, long synchronous, long pageSize,
                           long cacheSizeKib, long busyTimeoutMillis, long mmapSizeBytes) {
        static final Pragmas UNAVAILABLE = new Pragmas(null, "unknown", -1, -1, -1, -1, -1);
    }

    private <T> T read(SqlWork<T> work, T unavailable) {
        try {
            T value = maintenance.tryUse(READ_WAIT_MILLIS, work);
            return value == null ? unavailable : value;
        } catch (SQLException e) {
            LOG.debug("Database '{}': attribute read failed: {}", database.name(), e.toString());
            return unavailable;
        }
    }
}
