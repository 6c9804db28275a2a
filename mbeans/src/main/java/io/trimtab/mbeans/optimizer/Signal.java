package io.trimtab.mbeans.optimizer;

import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * A named numeric measurement a resource publishes, read by {@link SignalRegistry#sample} into a bounded
 * window. Names are {@code <kind>.<resource>.<figure>}; the built-in rules bind to these:
 * <ul>
 *   <li>{@code cache.<name>.hitRatio} (0-1, over the last sample interval), {@code cache.<name>.evictions}
 *       (evictions since the previous sample), {@code cache.<name>.fill} (entries / maxEntries, 0-1),
 *       {@code cache.<name>.clusterConnected} (1 or 0, clustered caches only);</li>
 *   <li>{@code pool.<name>.waiters} (threads waiting for a connection), {@code pool.<name>.timeouts} (acquisition
 *       timeouts since the previous sample), {@code pool.<name>.acquireP99Millis}, {@code pool.<name>.utilization} (active / maxTotal);</li>
 *   <li>{@code db.<name>.walBytes}, {@code db.<name>.freelistRatio} (free pages / pages),
 *       {@code db.<name>.writesSinceOptimize}, {@code db.<name>.secondsSinceOptimize}, {@code db.<name>.queryP99Millis},
 *       {@code db.<name>.fullScanQueries} (slow queries whose plan scans a whole table);</li>
 *   <li>{@code jvm.heap.usedRatio}, {@code jvm.heap.usedAfterGcRatio}, {@code jvm.cpu.process}, {@code jvm.cpu.system},
 *       {@code jvm.gc.timeRatio}, {@code jvm.threads.count}, {@code jvm.disk.usedRatio} (of the data directory's
 *       file store), published by {@code io.trimtab.mbeans.jvm.JvmSignals}.</li>
 * </ul>
 *
 * @param name     {@code <kind>.<resource>.<figure>}, letters, digits, {@code _}, {@code -} and dots
 * @param unit     the unit shown with values: {@code ratio}, {@code bytes}, {@code ms}, {@code count}, ...
 * @param supplier reads the current value; it is called only while sampling, and a value that is NaN or a
 *                 supplier that throws skips that sample
 */
public record Signal(String name, String unit, DoubleSupplier supplier) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+){2,}");

    public Signal {
        requireName("signal", name);
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(supplier, "supplier");
    }

    /** The resource part of a name: everything before the last dot, e.g. {@code cache.users}. */
    public static String resourceOf(String name) {
        return name.substring(0, name.lastIndexOf('.'));
    }

    static String requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' is not legal: use <kind>.<resource>.<figure>,"
                    + " dot-separated words of letters, digits, '_' or '-'");
        }
        return name;
    }
}
