package io.trimtab.mbeans.optimizer;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link Optimizer} runs.
 *
 * @param mode                 global mode, capping every rule's; default {@code RECOMMEND}
 * @param memoryBudgetFraction share of max heap that cache and pool growth may draw on together; default 0.10
 * @param maxHeapBytes         the heap the budget is a fraction of; default {@code Runtime.maxMemory()}
 * @param windowSize           samples kept per signal; default 360 (30 min at one sample per 5 s)
 * @param minHoldMillis        minimum time between two changes to one resource; default 5 min
 * @param verifySamples        samples of the outcome signal judged after an automatic change (twice as many when
 *                             the first verdict is inconclusive); default 5
 * @param verifyDeadlineMillis time after which a verification ends with the samples it has, a change not proven
 *                             by then going back; default 30 min
 * @param journalMaxEntries    entries kept in the journal; default 10,000
 * @param journalMaxAgeMillis  age after which entries are dropped; default 30 days
 */
public record OptimizerConfig(RuleMode mode, double memoryBudgetFraction, long maxHeapBytes, int windowSize,
                              long minHoldMillis, int verifySamples, long verifyDeadlineMillis, int journalMaxEntries, long journalMaxAgeMillis) {

    /** File name of the journal under the runtime's data directory. */
    public static final String JOURNAL_FILE = "trimtab-journal.db";

    public OptimizerConfig {
        Objects.requireNonNull(mode, "mode");
        if (!(memoryBudgetFraction >= 0 && memoryBudgetFraction <= 0.9)) {
            throw new IllegalArgumentException("memoryBudgetFraction must be between 0 and 0.9 but was " + memoryBudgetFraction);
        }
        if (maxHeapBytes < 1) {
            throw new IllegalArgumentException("maxHeapBytes must be at least 1 but was " + maxHeapBytes);
        }
        if (windowSize < 10 || windowSize > 100_000) {
            throw new IllegalArgumentException("windowSize must be between 10 and 100000 but was " + windowSize);
        }
        if (minHoldMillis < 0) {
            throw new IllegalArgumentException("minHoldMillis must be at least 0 but was " + minHoldMillis);
        }
        if (verifySamples < 3 || verifySamples > windowSize / 2) {
            throw new IllegalArgumentException("verifySamples must be between 3 (a test needs a spread) and "
                    + windowSize / 2 + " (half the windowSize) but was " + verifySamples);
        }
        if (verifyDeadlineMillis < 1_000 || verifyDeadlineMillis > 86_400_000) {
            throw new IllegalArgumentException("verifyDeadlineMillis must be between 1000 and 86400000 (1 s to 1 day) but was "
                    + verifyDeadlineMillis);
        }
        if (journalMaxEntries < 10) {
            throw new IllegalArgumentException("journalMaxEntries must be at least 10 but was " + journalMaxEntries);
        }
        if (journalMaxAgeMillis < 60_000) {
            throw new IllegalArgumentException("journalMaxAgeMillis must be at least 60000 but was " + journalMaxAgeMillis);
        }
    }

    public static OptimizerConfig defaults() {
        return new OptimizerConfig(RuleMode.RECOMMEND, 0.10, Runtime.getRuntime().maxMemory(), 360,
                Duration.ofMinutes(5).toMillis(), 5, Duration.ofMinutes(30).toMillis(), 10_000, Duration.ofDays(30).toMillis());
    }

    public OptimizerConfig withMode(RuleMode mode) {
        return new OptimizerConfig(mode, memoryBudgetFraction, maxHeapBytes, windowSize, minHoldMillis, verifySamples,
                verifyDeadlineMillis, journalMaxEntries, journalMaxAgeMillis);
    }

    public OptimizerConfig withMemoryBudget(double fraction, long maxHeapBytes) {
        return new OptimizerConfig(mode, fraction, maxHeapBytes, windowSize, minHoldMillis, verifySamples,
                verifyDeadlineMillis, journalMaxEntries, journalMaxAgeMillis);
    }

    public OptimizerConfig withWindow(int windowSize, int verifySamples) {
        return new OptimizerConfig(mode, memoryBudgetFraction, maxHeapBytes, windowSize, minHoldMillis, verifySamples,
                verifyDeadlineMillis, journalMaxEntries, journalMaxAgeMillis);
    }

    public OptimizerConfig withVerifyDeadlineMillis(long verifyDeadlineMillis) {
        return new OptimizerConfig(mode, memoryBudgetFraction, maxHeapBytes, windowSize, minHoldMillis, verifySamples,
                verifyDeadlineMillis, journalMaxEntries, journalMaxAgeMillis);
    }

    public OptimizerConfig withMinHoldMillis(long minHoldMillis) {
        return new OptimizerConfig(mode, memoryBudgetFraction, maxHeapBytes, windowSize, minHoldMillis, verifySamples,
                verifyDeadlineMillis, journalMaxEntries, journalMaxAgeMillis);
    }

    public OptimizerConfig withJournalRetention(int maxEntries, long maxAgeMillis) {
        return new OptimizerConfig(mode, memoryBudgetFraction, maxHeapBytes, windowSize, minHoldMillis, verifySamples,
                verifyDeadlineMillis, maxEntries, maxAgeMillis);
    }

    /** The memory budget in bytes. */
    public long memoryBudgetBytes() {
        return (long) (memoryBudgetFraction * maxHeapBytes);
    }
}
