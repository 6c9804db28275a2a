package io.trimtab.mbeans.optimizer;

/**
 * What one optimizer cycle did.
 *
 * @param cycle       its number, from 1
 * @param evaluated   rule bindings evaluated
 * @param recommended recommendations journaled
 * @param applied     changes applied
 * @param verified    earlier changes verified as helpful
 * @param rolledBack  earlier changes rolled back
 * @param failed      actions that threw
 * @param alerts      alerts raised
 * @param cpuNanos    CPU time of the cycle on the calling thread
 */
public record CycleSummary(long cycle, int evaluated, int recommended, int applied, int verified, int rolledBack,
                           int failed, int alerts, long cpuNanos) {
}
