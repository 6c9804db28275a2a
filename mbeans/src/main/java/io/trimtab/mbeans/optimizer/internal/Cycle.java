package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.CycleSummary;
import java.util.HashSet;
import java.util.Set;

/** What one cycle has done so far: the resources it changed (one change each) and its tallies. */
public final class Cycle {

    final long nowMillis;
    final Set<String> changedResources = new HashSet<>();
    /** Whether a heap-relief rule is active: nothing else may grow while it lasts. */
    boolean relieving;
    int evaluated;
    int recommended;
    int applied;
    int verified;
    int rolledBack;
    int failed;
    int alerts;

    Cycle(long nowMillis) {
        this.nowMillis = nowMillis;
    }

    void count(String kind) {
        switch (kind) {
            case Recorder.RECOMMENDED -> recommended++;
            case Recorder.APPLIED -> applied++;
            case Recorder.VERIFIED -> verified++;
            case Recorder.ROLLED_BACK -> rolledBack++;
            case Recorder.FAILED -> failed++;
            case Recorder.ALERT -> alerts++;
            default -> { }
        }
    }

    CycleSummary summary(long number, long cpuNanos) {
        return new CycleSummary(number, evaluated, recommended, applied, verified, rolledBack, failed, alerts, cpuNanos);
    }
}
