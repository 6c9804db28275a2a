package io.trimtab.examples.bench;

/** How long the scenarios measure: a smoke check, or the run whose figures are quoted. */
public enum RunLength {
    /** Every scenario together in about a minute and a half on a busy 2-core machine; figures are indicative only. */
    QUICK,
    /** The run to quote in {@code BENCHMARKS.md}. */
    FULL;

    /** The quick or the full value of a duration, a count or a round number. */
    public int pick(int quick, int full) {
        return this == QUICK ? quick : full;
    }
}
