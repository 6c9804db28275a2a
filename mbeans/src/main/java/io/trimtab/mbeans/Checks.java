package io.trimtab.mbeans;

import java.util.Locale;

/**
 * Argument and state checks whose messages name the field, the value and the limit: {@link IllegalArgumentException}
 * for a bad value, {@link IllegalStateException} for a bad order or combination.
 */
public final class Checks {

    private Checks() {
    }

    /** @throws IllegalArgumentException with the formatted message unless {@code condition} holds */
    public static void requireArgument(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(Locale.US, template, args));
        }
    }

    /** @throws IllegalStateException with the formatted message unless {@code condition} holds */
    public static void requireState(boolean condition, String template, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(Locale.US, template, args));
        }
    }
}
