package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The alerts active now, raised and cleared through the {@link Recorder} so that each is journaled and notified. */
final class Alerts {

    private final Recorder recorder;
    private final Map<String, Alert> active = new ConcurrentHashMap<>();

    Alerts(Recorder recorder) {
        this.recorder = recorder;
    }

    void raise(String rule, String target, String severity, String signals, String message, long nowMillis, Cycle cycle) {
        active.put(rule + "/" + target, new Alert(rule, target, severity, Instant.ofEpochMilli(nowMillis).toString(), message));
        recorder.record(Recorder.ALERT, rule, target, null, null, signals, severity + ": " + message);
        cycle.count(Recorder.ALERT);
    }

    void clear(String rule, String target, String signals) {
        if (active.remove(rule + "/" + target) != null) {
            recorder.record(Recorder.CLEARED, rule, target, null, null, signals, "cleared");
        }
    }

    boolean isActive(String rule, String target) {
        return active.containsKey(rule + "/" + target);
    }

    /** True while an alert about process or system CPU is active: maintenance should wait. */
    boolean cpuHigh() {
        for (Alert alert : active.values()) {
            if (alert.target().startsWith("jvm.cpu.")) {
                return true;
            }
        }
        return false;
    }

    List<Alert> list() {
        return active.values().stream().sorted((a, b) -> a.since().compareTo(b.since())).toList();
    }
}
