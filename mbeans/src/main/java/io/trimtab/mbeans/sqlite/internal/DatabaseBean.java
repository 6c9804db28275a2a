package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.CheckpointResult;
import io.trimtab.mbeans.sqlite.DatabaseMXBean;
import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.mbeans.sqlite.MaintenanceResult;
import io.trimtab.mbeans.sqlite.Profile;
import io.trimtab.mbeans.sqlite.QueryStats;
import io.trimtab.mbeans.sqlite.SlowQuery;
import io.trimtab.mbeans.sqlite.SqlWork;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The operator's view of a {@link SqliteDatabase}: attributes read on the maintenance connection, maintenance. */
final class DatabaseBean implements DatabaseMXBean {

    /** An attribute read waits this long for a running maintenance operation, then answers -1. */
    private static final long READ_WAIT_MILLIS = 500;
    private static final int MAX_INCREMENTAL_VACUUM_PAGES = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBean.class);

    private final SqliteDatabase database;
    private final MaintenanceConnection maintenance;
    private final Checkpointer checkpointer;
    private final QueryStatistics statistics;
    private final IndexAdvisor advisor;
    private final LongSupplier oldestBorrowedMillis;
    private final Clock clock;
    private volatile MaintenanceResult lastOptimize;

    DatabaseBean(SqliteDatabase database, MaintenanceConnection maintenance, Checkpointer checkpointer,
                 QueryStatistics statistics, IndexAdvisor advisor, LongSupplier oldestBorrowedMillis, Clock clock) {
        this.database = database;
        this.statistics = statistics;
        this.advisor = advisor;
        this.clock = clock;
        this.maintenance = maintenance;
        this.checkpointer = checkpointer;
        this.oldestBorrowedMillis = oldestBorrowedMillis;
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
        return read(c -> MaintenanceConnection.queryString(c, "PRAGMA journal_mode"), "unknown");
    }

    @Override
    public String getSynchronous() {
        return AllowedPragma.synchronousName(pragma("synchronous"));
    }

    @Override
    public long getPageSize() {
        return pragma("page_size");
    }

    @Override
    public long getPageCount() {
        return pragma("page_count");
    }

    @Override
    public long getFreelistCount() {
        return pragma("freelist_count");
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
        return read(c -> {
            long cacheSize = MaintenanceConnection.queryLong(c, "PRAGMA cache_size");
            // Negative: KiB; positive: pages.
            return cacheSize < 0 ? -cacheSize : cacheSize * MaintenanceConnection.queryLong(c, "PRAGMA page_size") / 1024;
        }, -1L);
    }

    @Override
    public long getBusyTimeoutMillis() {
        return pragma("busy_timeout");
    }

    @Override
    public long getMmapSizeBytes() {
        return pragma("mmap_size");
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
    public long getCheckpointCount() {
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
        return lastOptimize;
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
        MaintenanceResult result = replanning("optimize", "PRAGMA optimize");
        lastOptimize = result;
        return result;
    }

    @Override
    public MaintenanceResult analyze() {
        return replanning("analyze", "ANALYZE");
    }

    /** Runs {@code sql}, then compares the top queries' plans with those before it. */
    private MaintenanceResult replanning(String operation, String sql) {
        Map<String, String> before = plansOrEmpty();
        MaintenanceResult result = maintain(operation, c -> {
            MaintenanceConnection.execute(c, sql);
            return sql + " done";
        });
        if (!result.outcome().equals("ok")) {
            return result;
        }
        List<String> worse = IndexAdvisor.worsened(before, plansOrEmpty());
        String detail = result.detail() + "; " + before.size() + " top queries re-planned, "
                + (worse.isEmpty() ? "none got worse" : "worse: " + String.join(" | ", worse));
        return new MaintenanceResult(operation, result.outcome(), detail, result.attempts(), result.durationMillis(),
                result.at());
    }

    private Map<String, String> plansOrEmpty() {
        try {
            return advisor.plans();
        } catch (SQLException e) {
            LOG.warn("Database '{}': re-planning the top queries failed: {}", database.name(), e.toString());
            return Map.of();
        }
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
    public MaintenanceResult vacuum() {
        return maintain("vacuum", c -> {
            long before = MaintenanceConnection.queryLong(c, "PRAGMA page_count");
            MaintenanceConnection.execute(c, "VACUUM");
            return "pages " + before + " -> " + MaintenanceConnection.queryLong(c, "PRAGMA page_count");
        });
    }

    @Override
    public MaintenanceResult incrementalVacuum(int pages) {
        if (pages < 1 || pages > MAX_INCREMENTAL_VACUUM_PAGES) {
            throw new IllegalArgumentException("pages must be between 1 and " + MAX_INCREMENTAL_VACUUM_PAGES
                    + " but was " + pages);
        }
        return maintain("incrementalVacuum", c -> {
            long before = MaintenanceConnection.queryLong(c, "PRAGMA freelist_count");
            if (MaintenanceConnection.queryLong(c, "PRAGMA auto_vacuum") != 2) {
                return "nothing freed: auto_vacuum is not INCREMENTAL (" + before + " free pages; vacuum() frees them)";
            }
            try (Statement statement = c.createStatement();
                 ResultSet rs = statement.executeQuery("PRAGMA incremental_vacuum(" + pages + ")")) {
                while (rs.next()) {
                    // each step frees one page
                }
            }
            return "free pages " + before + " -> " + MaintenanceConnection.queryLong(c, "PRAGMA freelist_count");
        });
    }

    @Override
    public List<String> integrityCheck() {
        return check("PRAGMA integrity_check(100)");
    }

    @Override
    public List<String> quickCheck() {
        return check("PRAGMA quick_check(100)");
    }

    private List<String> check(String sql) {
        try {
            MaintenanceConnection.Attempted<List<String>> attempted =
                    maintenance.retrying(c -> MaintenanceConnection.queryStrings(c, sql));
            return attempted.busy() ? List.of("busy: gave up after " + attempted.attempts() + " attempts")
                    : attempted.value();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }

    private MaintenanceResult maintain(String operation, SqlWork<String> work) {
        long started = System.nanoTime();
        String outcome;
        String detail;
        int attempts;
        try {
            MaintenanceConnection.Attempted<String> attempted = maintenance.retrying(work);
            attempts = attempted.attempts();
            outcome = attempted.busy() ? "busy" : "ok";
            detail = attempted.busy() ? "the database stayed busy; try again later" : attempted.value();
        } catch (SQLException e) {
            attempts = 1;
            outcome = "failed";
            detail = e.getMessage();
            LOG.warn("Database '{}': {} failed: {}", database.name(), operation, e.toString());
        }
        return new MaintenanceResult(operation, outcome, detail, attempts, (System.nanoTime() - started) / 1_000_000,
                clock.instant().toString());
    }

    private long pragma(String name) {
        return read(c -> MaintenanceConnection.queryLong(c, "PRAGMA " + name), -1L);
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
