package io.trimtab.mbeans.optimizer;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a rule, or the whole optimizer, may do. The optimizer's mode caps every rule's: under a global
 * {@code RECOMMEND} nothing is applied anywhere, and {@code OFF} is the kill switch.
 */
public enum RuleMode {
    /** Not evaluated. */
    OFF,
    /** Journaled and notified; nothing is changed. Alerts are raised. */
    RECOMMEND,
    /** Applied, then verified and rolled back if it did not help. */
    AUTO;

    /** The lesser of two modes. */
    public RuleMode cap(RuleMode other) {
        return compareTo(other) <= 0 ? this : other;
    }

    /**
     * Parses {@code off}, {@code recommend} or {@code auto}, in any case.
     *
     * @throws IllegalArgumentException naming the value and the modes otherwise
     */
    public static RuleMode parse(String what, String value) {
        for (RuleMode mode : values()) {
            if (mode.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException(what + " must be one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT)
                + " but was '" + value + "'");
    }

    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
