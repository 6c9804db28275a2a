package io.trimtab.mbeans.optimizer;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A named action on a resource that a rule may run, such as {@code db.<name>.checkpointPassive},
 * {@code db.<name>.checkpointRestart}, {@code db.<name>.checkpointTruncate}, {@code db.<name>.optimize},
 * {@code db.<name>.incrementalVacuum} or {@code db.<name>.applyIndexSuggestion}.
 *
 * @param name   {@code <kind>.<resource>.<operation>}
 * @param action runs the operation and describes what it did, e.g. {@code "checkpointed 1200 of 1200 frames"};
 *               what it throws is journaled as a failure
 */
public record Operation(String name, Callable<String> action) {

    public Operation {
        Signal.requireName("operation", name);
        Objects.requireNonNull(action, "action");
    }

    /** The resource this operation acts on, e.g. {@code db.main}. */
    public String resource() {
        return Signal.resourceOf(name);
    }
}
