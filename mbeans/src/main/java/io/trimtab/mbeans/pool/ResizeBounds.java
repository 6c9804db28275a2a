package io.trimtab.mbeans.pool;

import static io.trimtab.mbeans.Checks.requireArgument;

/**
 * The range within which a pool's max total may be changed while it runs, by an operator or by Trimtab.
 *
 * @param minTotal the smallest max total allowed, at least 1
 * @param maxTotal the largest max total allowed, at least {@code minTotal}
 */
public record ResizeBounds(int minTotal, int maxTotal) {

    public ResizeBounds {
        requireArgument(minTotal >= 1, "resizeBounds minTotal must be at least 1 but was %d", minTotal);
        requireArgument(maxTotal >= minTotal, "resizeBounds maxTotal must be at least minTotal (%d) but was %d",
                minTotal, maxTotal);
    }

    /** Whether {@code total} lies within these bounds. */
    public boolean contains(int total) {
        return total >= minTotal && total <= maxTotal;
    }

    @Override
    public String toString() {
        return "[" + minTotal + ", " + maxTotal + "]";
    }
}
