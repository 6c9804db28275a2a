package io.trimtab.mbeans.jmx;

import java.util.function.Supplier;

/**
 * An MXBean implementation whose attributes, read together ({@code getAttributes}, which is how Jolokia and JConsole
 * read a bean), come from one snapshot taken for that read: computed once instead of once per attribute, and
 * consistent with each other. {@link DescribedMXBean} calls {@link #readTogether} around such a read.
 */
public interface SnapshotReads {

    /** Runs {@code read} on the calling thread with one snapshot of the values its getters answer from. */
    <T> T readTogether(Supplier<T> read);
}
