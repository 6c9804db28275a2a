package io.trimtab.mbeans.optimizer;

import java.util.OptionalDouble;

/**
 * What a knob's value is predicted to do to one signal of its resource, known before the knob moves: a cache's
 * hit ratio at a size (from its miss-ratio curve), a pool's acquire p99 at a size (from a queueing model).
 * Rules use it to pick a value, and verification judges a change against it instead of the raw before mean.
 */
public interface OutcomeModel {

    /** The full name of the predicted signal, e.g. {@code cache.users.hitRatio}. */
    String signal();

    /**
     * The signal's predicted value were the knob at {@code knobValue}, on the traffic seen lately; empty while
     * the model has too little data to say. Cheap enough to call for every candidate value in a cycle.
     */
    OptionalDouble predict(double knobValue);
}
