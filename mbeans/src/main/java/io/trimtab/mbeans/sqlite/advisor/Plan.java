package io.trimtab.mbeans.sqlite.advisor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement's {@code EXPLAIN QUERY PLAN}, read for what an index changes in it: the indexes it uses, the tables
 * it scans whole, and a score that rises as the plan gets better: a search scores 2 plus the terms it matches (an
 * automatic index 1), and half a point more on a covering index, which saves the table lookup of every row found
 * but never outweighs a term; any scan 0, and a temporary b-tree for sorting or grouping -1. A scan in an index's
 * order gains only by the sort it saves: a covering index scanned whole reads every row all the same.
 * Older SQLite versions write {@code SCAN TABLE t} and {@code SEARCH TABLE t}; both forms are read.
 *
 * @param steps the plan's detail lines, in order
 */
public record Plan(List<String> steps) {

    private static final Pattern LOOP = Pattern.compile(
            "^(SEARCH|SCAN) (?:TABLE )?(\\S+)(?: AS (\\S+))?(?: USING (AUTOMATIC )?(?:PARTIAL )?(?:COVERING )?"
                    + "(?:INDEX ([^\\s(]\\S*)|INDEX|INTEGER PRIMARY KEY|PRIMARY KEY))?(?: \\((.*)\\))?");

    /** What a covering index adds to a search's score: less than one more term matched. */
    private static final double COVERING = 0.5;

    public Plan {
        steps = List.copyOf(steps);
    }

    /** Plans {@code sql} with its {@code parameters} bound, so the planner may use their values. */
    public static Plan of(Connection c, String sql, Object[] parameters) throws SQLException {
        List<String> steps = new ArrayList<>();
        try (PreparedStatement explain = c.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    steps.add(rs.getString("detail"));
                }
            }
        }
        return new Plan(steps);
    }

    /** The names (lower case) of the indexes the plan reads, automatic ones aside. */
    public Set<String> indexes() {
        Set<String> used = new LinkedHashSet<>();
        for (String step : steps) {
            Matcher loop = LOOP.matcher(step);
            if (loop.find() && loop.group(4) == null && loop.group(5) != null) {
                used.add(loop.group(5).toLowerCase(Locale.ROOT));
            }
        }
        return used;
    }

    public boolean uses(String index) {
        return indexes().contains(index.toLowerCase(Locale.ROOT));
    }

    /** The tables (by the name or alias the plan gives) it reads whole, in no index's order. */
    public List<String> fullScans() {
        List<String> scanned = new ArrayList<>();
        for (String step : steps) {
            Matcher loop = LOOP.matcher(step);
            if (loop.find() && loop.group(1).equals("SCAN") && loop.end() == step.length()
                    && !step.contains(" USING ") && !step.startsWith("SCAN CONSTANT ROW")) {
                scanned.add(loop.group(3) != null ? loop.group(3) : loop.group(2));
            }
        }
        return scanned;
    }

    public double score() {
        double score = 0;
        for (String step : steps) {
            Matcher loop = LOOP.matcher(step);
            if (step.startsWith("USE TEMP B-TREE FOR ")) {
                score -= step.contains("RIGHT PART") || step.contains("LAST TERM") ? 0.5 : 1;
            } else if (loop.find() && loop.group(1).equals("SEARCH")) {
                score += loop.group(4) != null ? 1 : 2 + terms(loop.group(6))
                        + (step.contains(" USING COVERING INDEX ") ? COVERING : 0);
            }
        }
        return score;
    }

    private static int terms(String constraints) {
        return constraints == null || constraints.isBlank() ? 0 : constraints.split(" AND ").length;
    }

    @Override
    public String toString() {
        return String.join("; ", steps);
    }
}
