package io.trimtab.mbeans.sqlite;

import io.trimtab.mbeans.jmx.Description;
import java.util.List;

/**
 * A managed SQLite database. Pragma attributes are read, point-in-time, from a connection configured exactly
 * like every pooled connection. Maintenance operations are safe while the application writes: busy answers are
 * retried with backoff and reported in the result, never thrown at the application.
 */
@Description("A managed SQLite database: its profile, pragmas, files, checkpoints and maintenance")
public interface DatabaseMXBean {

    @Description("Absolute path of the database file")
    String getPath();

    @Description("Profile in effect: safe-wal, durable, read-mostly or fast-unsafe")
    String getProfile();

    @Description("What the profile promises about committed transactions on a crash or power loss")
    String getDurability();

    @Description("PRAGMA journal_mode, e.g. wal")
    String getJournalMode();

    @Description("PRAGMA synchronous: OFF, NORMAL, FULL or EXTRA")
    String getSynchronous();

    @Description("PRAGMA page_size in bytes")
    long getPageSize();

    @Description("PRAGMA page_count: pages in the database file")
    long getPages();

    @Description("PRAGMA freelist_count: unused pages that a VACUUM would return")
    long getFreelistPages();

    @Description("Size of the database file in bytes")
    long getFileSizeBytes();

    @Description("Size of the WAL file in bytes, 0 if there is none")
    long getWalSizeBytes();

    @Description("Page cache per connection in KiB (PRAGMA cache_size)")
    long getCacheSizeKib();

    @Description("How long a connection waits on a lock before answering SQLITE_BUSY, in milliseconds (PRAGMA busy_timeout)")
    long getBusyTimeoutMillis();

    @Description("Memory-mapped I/O per connection in bytes (PRAGMA mmap_size), 0 if off")
    long getMmapSizeBytes();

    @Description("Pragmas set with setPragma on top of the profile, as name=value; empty if none")
    List<String> getPragmaOverrides();

    @Description("The most recent checkpoint, by the background checkpointer or an operator: frames in log and checkpointed, when")
    CheckpointResult getLastCheckpoint();

    @Description("Checkpoints run since the database was opened")
    long getCheckpoints();

    @Description("Whether checkpoints are starved: readers keep the WAL from being checkpointed while it grows")
    boolean isCheckpointStarved();

    @Description("Age in milliseconds of the oldest connection currently borrowed from the pool, an upper bound on the oldest open read transaction; 0 if none is borrowed")
    long getOldestBorrowedConnectionMillis();

    @Description("The most recent optimize, with its outcome")
    MaintenanceResult getLastOptimize();

    @Description("Seconds since the last PRAGMA optimize that succeeded (one runs when the database opens)")
    double getSecondsSinceOptimize();

    @Description("Rows changed through the data source since the last PRAGMA optimize that succeeded, as the statements' update counts report them (statements run on the pool directly or with a plain execute are not counted)")
    long getWritesSinceOptimize();

    @Description("99th percentile execution time in milliseconds over the recent executions of every statement fingerprint, each fingerprint contributing up to 256; 0 if none ran")
    double getQueryP99Millis();

    @Description("Statements timed through the data source since the database was opened (transaction control and statements beyond the tracked fingerprints are not counted)")
    long getExecutions();

    @Description("Summed execution time of those statements in milliseconds, a query's until its result set was exhausted or closed")
    double getExecutionMillis();

    @Description("Write transactions retried after SQLITE_BUSY or SQLITE_BUSY_SNAPSHOT since the database was opened")
    long getWriteRetries();

    @Description("Switches to another profile: new connections get its pragmas, the pool is refilled. Returns the pragmas now in effect")
    String applyProfile(@Description("safe-wal, durable, read-mostly, or fast-unsafe (only if sqlite.allowUnsafeProfiles=true)") String profile);

    @Description("Sets one pragma on every connection, on top of the profile. Allowed: synchronous, cache_size (KiB), busy_timeout (ms), journal_size_limit (bytes), mmap_size (bytes), temp_store, foreign_keys, wal_autocheckpoint (pages). Returns the value now in effect")
    String setPragma(@Description("Pragma name from the allow-list") String name,
                     @Description("Its new value, validated against the pragma's limits") String value);

    @Description("Runs a WAL checkpoint and returns the frames in the log and checkpointed")
    CheckpointResult checkpoint(@Description("PASSIVE, FULL, RESTART or TRUNCATE") String mode);

    @Description("Runs PRAGMA optimize: analyzes the tables whose statistics would help the planner; then re-plans the top queries and reports any plan that got worse")
    MaintenanceResult optimize();

    @Description("Runs ANALYZE on the whole database; then re-plans the top queries and reports any plan that got worse")
    MaintenanceResult analyze();

    @Description("Runs VACUUM: rebuilds the file and returns free pages to the file system; blocks writers while it runs")
    MaintenanceResult vacuum();

    @Description("Runs PRAGMA incremental_vacuum: frees up to the given number of pages (only with auto_vacuum=INCREMENTAL)")
    MaintenanceResult incrementalVacuum(@Description("Pages to free, 1 to 1000000") int pages);

    @Description("The fingerprints (SQL with literals folded to ?) with the most total execution time, most first")
    List<QueryStats> topQueries(@Description("How many, 1 to 100") int n);

    @Description("The most recent executions slower than SlowQueryThresholdMillis, oldest first, at most 100")
    List<SlowQuery> getSlowQueries();

    @Description("Executions at least this slow, in milliseconds, go to SlowQueries; 1 to 600000")
    long getSlowQueryThresholdMillis();

    void setSlowQueryThresholdMillis(long millis);

    @Description("Advises indexes for the workload (the top 25 fingerprints by total time): candidates by SQLite .expert's method, merged where statements share equality columns, are planned on an empty in-memory copy of the schema with the live planner statistics, and the set the planner uses for the most measured time is proposed (at most 3 new indexes a table). Returns the proposals with their evidence and the outcomes of those applied; while maintenance holds the connection, returns the last result (see LastIndexAdvice)")
    List<IndexSuggestion> indexSuggestions();

    @Description("The last run of indexSuggestions: when, ok, busy or no statements, statements planned and unparsed, candidates tried, indexes proposed and the share of time they serve, and the indexes no plan of the workload uses (unique ones aside)")
    IndexAdvice getLastIndexAdvice();

    @Description("Statement fingerprints among those advised on that the SQL parser could not read: each is skipped, never guessed at")
    long getUnparsedStatements();

    @Description("The index suggestions found so far and what became of each, as indexSuggestions last left them (the"
            + " optimizer's fullScanQueries signal asks at most once a minute); reading this re-plans nothing")
    List<IndexSuggestion> getKnownIndexSuggestions();

    @Description("Creates a suggested index on the live database and proves it: every workload query on its table is timed before (8 to 40 runs each), and every workload write to the table replayed in a transaction that is rolled back; every query whose plan then changes is timed again, and every write, and the index is kept only if the workload's time, weighted by each statement's measured time, writes included, dropped beyond the noise (one-sided 99 % interval of the ratio of geometric means below 1) by at least 10 %, with no query slower by 10 % beyond its noise; otherwise it is dropped. A failure after CREATE INDEX drops it too. Refuses with 'busy' if maintenance holds the connection for over 5 s. Returns the outcome with its figures, the writes' cost among them")
    IndexSuggestion applySuggestion(@Description("The suggestion's id, from indexSuggestions") String id);

    @Description("Drops an index that applySuggestion created and kept (suggestions and outcomes are kept in the database file's trimtab_index_suggestions table, across restarts)")
    IndexSuggestion dropSuggestedIndex(@Description("The index's name, trimtab_idx_...") String name);

    @Description("Drops every index that applySuggestion created and no plan of the workload has used since (status unused: 3 advice runs in a row, after some of the workload ran, spanning at least an hour); what the db.slowFullScan rule does in auto mode. Returns their outcomes, none if no index is unused")
    List<IndexSuggestion> dropUnusedSuggestedIndexes();

    @Description("Runs PRAGMA integrity_check; returns [ok] or up to 100 problems")
    List<String> integrityCheck();

    @Description("Runs PRAGMA quick_check, a faster integrity check without index cross-checks; returns [ok] or up to 100 problems")
    List<String> quickCheck();
}
