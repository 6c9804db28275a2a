package io.trimtab.mbeans.optimizer;

import java.util.List;
import java.util.Objects;

/**
 * What a rule does when it fires. Names may contain {@code *}, which stands for the resource the rule is
 * bound to (see {@link RuleSpec#signal()}).
 */
public sealed interface RuleAction {

    /** Raises an alert of the rule's severity and changes nothing. */
    record Alert() implements RuleAction {
    }

    /**
     * Moves a knob to {@code value * factor + delta}, within the knob's and the rule's bounds; growth draws on
     * the memory budget. Verified afterwards and rolled back if the rule's signal did not improve.
     */
    record KnobStep(String knob, double factor, double delta) implements RuleAction {
        public KnobStep {
            Objects.requireNonNull(knob, "knob");
            if (!(factor > 0) || !Double.isFinite(factor) || !Double.isFinite(delta) || (factor == 1 && delta == 0)) {
                throw new IllegalArgumentException("knob step for " + knob + " must change the value: factor must be"
                        + " positive and finite, delta finite, not both neutral, but factor was " + factor + " and delta " + delta);
            }
        }
    }

    /** Multiplies the largest (by bytes held) unpinned knob tagged {@code tag} by {@code factor} (below 1). */
    record ShrinkLargest(String tag, double factor) implements RuleAction {
        public ShrinkLargest {
            Objects.requireNonNull(tag, "tag");
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("shrink factor must be between 0 and 1 (exclusive) but was " + factor);
            }
        }
    }

    /**
     * Runs an operation; while the condition persists, each further firing escalates to the next one of the
     * list (e.g. PASSIVE, then RESTART, then TRUNCATE checkpoint). Without the operation published, the
     * firing is a recommendation.
     */
    record RunOperation(List<String> escalation) implements RuleAction {
        public RunOperation {
            escalation = List.copyOf(escalation);
            if (escalation.isEmpty()) {
                throw new IllegalArgumentException("an operation action needs at least one operation name");
            }
        }
    }

    static RuleAction alert() {
        return new Alert();
    }

    static RuleAction multiply(String knob, double factor) {
        return new KnobStep(knob, factor, 0);
    }

    static RuleAction add(String knob, double delta) {
        return new KnobStep(knob, 1, delta);
    }

    static RuleAction shrinkLargest(String tag, double factor) {
        return new ShrinkLargest(tag, factor);
    }

    static RuleAction operations(String... escalation) {
        return new RunOperation(List.of(escalation));
    }
}
