package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.MaintenanceResult;
import io.trimtab.mbeans.sqlite.SqlWork;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintenance operations of one database, on its maintenance connection. Busy answers are retried with
 * backoff and, if they persist, reported in the result; no application thread ever sees them.
 */
final class Maintenance {

    private static final int MAX_INCREMENTAL_VACUUM_PAGES = 1_000_000;
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final String name;
    private final MaintenanceConnection maintenance;
    private final TopPlans topPlans;
    private final Clock clock;
    private volatile MaintenanceResult lastOptimize;

    Maintenance(String name, MaintenanceConnection maintenance, TopPlans topPlans, Clock clock) {
        this.name = name;
        this.maintenance = maintenance;
        this.topPlans = topPlans;
        this.clock = clock;
    }

    MaintenanceResult lastOptimize() {
        return lastOptimize;
    }

    MaintenanceResult optimize() {
        MaintenanceResult result = replanning("optimize", "PRAGMA optimize");
        lastOptimize = result;
        return result;
    }

    MaintenanceResult analyze() {
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
        List<String> worse = TopPlans.worsened(before, plansOrEmpty());
        String detail = result.detail() + "; " + before.size() + " top queries re-planned, "
                + (worse.isEmpty() ? "none got worse" : "worse: " + String.join(" | ", worse));
        return new MaintenanceResult(operation, result.outcome(), detail, result.attempts(), result.durationMillis(),
                result.at());
    }

    private Map<String, String> plansOrEmpty() {
        try {
            return topPlans.plans();
        } catch (SQLException e) {
            LOG.warn("Database '{}': re-planning the top queries failed: {}", name, e.toString());
            return Map.of();
        }
    }

    MaintenanceResult vacuum() {
        return maintain("vacuum", c -> {
            long before = MaintenanceConnection.queryLong(c, "PRAGMA page_count");
            MaintenanceConnection.execute(c, "VACUUM");
            return "pages " + before + " -> " + MaintenanceConnection.queryLong(c, "PRAGMA page_count");
        });
    }

    MaintenanceResult incrementalVacuum(int pages) {
        if (pages < 1 || pages > MAX_INCREMENTAL_VACUUM_PAGES) {
            throw new IllegalArgumentException("pages must be between 1 and " + MAX_INCREMENTAL_VACUUM_PAGES
                    + " but was " + pages);
        }
        return maintain("incrementalVacuum", c -> {
            long before = MaintenanceConnection.queryLong(c, "PRAGMA freelist_count");
            if (MaintenanceConnection.queryLong(c, "PRAGMA auto_vacuum") != 2) {
                return "nothing freed: auto_vacuum is not INCREMENTAL (" + before + " free pages; vacuum() frees them)";
            }
            // The pragma frees its pages as it steps; sqlite-jdbc wants execute(), not executeQuery(), for it.
            try (Statement statement = c.createStatement()) {
                statement.execute("PRAGMA incremental_vacuum(" + pages + ")");
            }
            return "free pages " + before + " -> " + MaintenanceConnection.queryLong(c, "PRAGMA freelist_count");
        });
    }

    List<String> integrityCheck() {
        return check("PRAGMA integrity_check(100)");
    }

    List<String> quickCheck() {
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
            LOG.warn("Database '{}': {} failed: {}", name, operation, e.toString());
        }
        return new MaintenanceResult(operation, outcome, detail, attempts, (System.nanoTime() - started) / 1_000_000,
                clock.instant().toString());
    }
}
