package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.QueryStats;
import io.trimtab.mbeans.sqlite.advisor.Plan;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plans of the top SELECTs before and after ANALYZE or PRAGMA optimize, to report any that got worse. */
final class TopPlans {

    static final int TOP_FINGERPRINTS = 10;

    private final QueryStatistics statistics;
    private final MaintenanceConnection maintenance;

    TopPlans(QueryStatistics statistics, MaintenanceConnection maintenance) {
        this.statistics = statistics;
        this.maintenance = maintenance;
    }

    /** The current plans of the top SELECT fingerprints, by fingerprint. */
    Map<String, String> plans() throws SQLException {
        Map<String, String> plans = new LinkedHashMap<>();
        for (QueryStats stats : statistics.top(TOP_FINGERPRINTS)) {
            QueryStatistics.Entry entry = statistics.entry(stats.fingerprint());
            if (entry != null && (stats.sql().startsWith("select ") || stats.sql().startsWith("with "))) {
                plans.put(stats.fingerprint(), maintenance.use(c -> {
                    // EXPLAIN opens no read transaction, so it would plan against a stale schema: read it first.
                    MaintenanceConnection.queryLong(c, "SELECT count(*) FROM sqlite_schema");
                    return Plan.of(c, entry.sample.sql(), entry.sample.parameters()).toString();
                }));
            }
        }
        return plans;
    }

    /** The fingerprints whose plan scans a table now but did not before. */
    static List<String> worsened(Map<String, String> before, Map<String, String> after) {
        List<String> worse = new ArrayList<>();
        after.forEach((fingerprint, plan) -> {
            String old = before.get(fingerprint);
            if (old != null && scans(plan) > scans(old)) {
                worse.add(fingerprint + ": " + old + " -> " + plan);
            }
        });
        return worse;
    }

    private static int scans(String plan) {
        return new Plan(List.of(plan.split("; "))).fullScans().size();
    }
}
