package io.trimtab.mbeans.optimizer;

import java.util.Objects;

/**
 * What an automatic change is judged on: an outcome signal the change does not define by construction (a cache's
 * hit ratio, a pool's acquire p99, a database's query p99), the direction that is better, and what the change
 * must show to be kept. Names may contain {@code *}, standing for the resource the rule is bound to.
 *
 * @param signal         the outcome signal or template
 * @param higherIsBetter whether a rise of the signal is the good way
 * @param intent         what the change must show to be kept
 */
public record Outcome(String signal, boolean higherIsBetter, Intent intent) {

    /** What a change must show against what would have happened without it. */
    public enum Intent {
        /** A measured improvement beyond noise and beyond the minimum practical effect (growth, operations). */
        IMPROVE,
        /** No measurable harm: a shrink that gives back memory is kept unless the outcome got worse. */
        DO_NO_HARM,
        /**
         * Relief under pressure (heap): judged and journaled like the others, but never undone while the pressure
         * that called for it lasts.
         */
        RELIEVE
    }

    public Outcome {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(intent, "intent");
        if (signal.indexOf('*') != signal.lastIndexOf('*')) {
            throw new IllegalArgumentException("outcome signal '" + signal + "' may hold at most one '*' but has more");
        }
    }

    /** The change must raise (or, with {@code higherIsBetter} false, lower) {@code signal}. */
    public static Outcome improves(String signal, boolean higherIsBetter) {
        return new Outcome(signal, higherIsBetter, Intent.IMPROVE);
    }

    /** The change must not make {@code signal} worse. */
    public static Outcome doesNoHarm(String signal, boolean higherIsBetter) {
        return new Outcome(signal, higherIsBetter, Intent.DO_NO_HARM);
    }

    /** Relief judged on {@code signal}, kept while the pressure lasts. */
    public static Outcome relieves(String signal, boolean higherIsBetter) {
        return new Outcome(signal, higherIsBetter, Intent.RELIEVE);
    }
}
