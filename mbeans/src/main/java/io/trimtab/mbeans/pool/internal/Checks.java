package io.trimtab.mbeans.pool.internal;

import java.util.Locale;

/** The two checks of every pool setting: a bad value, or a bad order or combination. */
public final class Checks {

    private Checks() {
    }

    /** @throws IllegalArgumentException with the formatted message unless {@code ok} */
    public static void argument(boolean ok, String template, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, template, args));
        }
    }

    /** @throws IllegalStateException with the formatted message unless {@code ok} */
    public static void state(boolean ok, String template, Object... args) {
        if (!ok) {
            throw new IllegalStateException(String.format(Locale.ROOT, template, args));
        }
    }
}
