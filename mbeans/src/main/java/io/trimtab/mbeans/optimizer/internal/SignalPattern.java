package io.trimtab.mbeans.optimizer.internal;

/**
 * A signal name with at most one {@code *} standing for a resource name, matched by prefix and suffix so
 * that binding a hundred resources costs no regular expressions.
 */
record SignalPattern(String prefix, String suffix, boolean template) {

    SignalPattern(String pattern) {
        this(pattern.contains("*") ? pattern.substring(0, pattern.indexOf('*')) : pattern,
                pattern.contains("*") ? pattern.substring(pattern.indexOf('*') + 1) : "", pattern.contains("*"));
    }

    /** The resource name the {@code *} stands for in {@code name}, "" for a plain name that matches, or null. */
    String bind(String name) {
        if (!template) {
            return name.equals(prefix) ? "" : null;
        }
        if (name.length() > prefix.length() + suffix.length() && name.startsWith(prefix) && name.endsWith(suffix)) {
            return name.substring(prefix.length(), name.length() - suffix.length());
        }
        return null;
    }

    /** {@code name} with its {@code *} replaced by {@code resource}. */
    static String resolve(String name, String resource) {
        return name.replace("*", resource);
    }
}
