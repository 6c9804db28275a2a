package io.trimtab.examples.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures of a run. Each headline figure is printed at once as {@code RESULT <name> <value> <unit>}, which a
 * script can pick out of the detail, and again in the summary at the end, beside its goal.
 */
public final class Report {

    /** A figure's target: at least or at most a value. */
    public record Goal(boolean atLeast, double value) {

        public static Goal atLeast(double value) {
            return new Goal(true, value);
        }

        public static Goal atMost(double value) {
            return new Goal(false, value);
        }

        boolean metBy(double figure) {
            return atLeast ? figure >= value : figure <= value;
        }

        @Override
        public String toString() {
            return (atLeast ? ">= " : "<= ") + format(value);
        }
    }

    /** One headline figure; the goal is null where the figure is reported for information. */
    public record Result(String name, double value, String unit, Goal goal) {
    }

    private final PrintStream out;
    private final List<Result> results = new ArrayList<>();

    public Report(PrintStream out) {
        this.out = out;
    }

    /** A headline figure without a goal. */
    public void result(String name, double value, String unit) {
        result(name, value, unit, null);
    }

    /** A headline figure and the goal it is measured against. */
    public void result(String name, double value, String unit, Goal goal) {
        Result result = new Result(name, value, unit, goal);
        results.add(result);
        out.println("RESULT " + name + " " + format(value) + " " + unit);
    }

    /** A detail line: what the figures are made of. */
    public void detail(String format, Object... args) {
        out.println("  " + String.format(Locale.ROOT, format, args));
    }

    public List<Result> results() {
        return List.copyOf(results);
    }

    /** The table of every figure of the run, with its goal and whether the run met it. */
    void printSummary() {
        out.println();
        out.println("| figure | value | unit | goal | met |");
        out.println("|---|---|---|---|---|");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.name, format(r.value), r.unit,
                    r.goal == null ? "" : r.goal + " " + r.unit, r.goal == null ? "" : r.goal.metBy(r.value) ? "yes" : "no");
        }
    }

    /** Three significant figures, never in scientific notation. */
    static String format(double value) {
        if (value == 0) {
            return "0";
        }
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        double magnitude = Math.abs(value);
        int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : Math.min(6,
                2 - (int) Math.floor(Math.log10(magnitude)));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
