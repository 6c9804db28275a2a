package io.trimtab.mbeans.optimizer.internal;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.optimizer.JournalEntry;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanNotificationInfo;
import javax.management.Notification;
import javax.management.NotificationBroadcasterSupport;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where everything the optimizer does goes: one journal line, one JMX notification, one metric count.
 * Notification types are {@code trimtab.rule.<kind>} and {@code trimtab.alert} / {@code trimtab.alert.cleared},
 * declared in {@link #getNotificationInfo()} so that JConsole can subscribe.
 */
public final class Recorder extends NotificationBroadcasterSupport {

    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    public static final String RECOMMENDED = "recommended";
    public static final String APPLIED = "applied";
    public static final String VERIFIED = "verified";
    public static final String ROLLED_BACK = "rolledBack";
    public static final String FAILED = "failed";
    public static final String ALERT = "alert";
    public static final String CLEARED = "cleared";
    public static final String EPISODE = "episode";

    private static final Map<String, String> TYPES = Map.of(
            RECOMMENDED, "trimtab.rule.recommended", APPLIED, "trimtab.rule.applied",
            VERIFIED, "trimtab.rule.verified", ROLLED_BACK, "trimtab.rule.rolledBack",
            FAILED, "trimtab.rule.failed", ALERT, "trimtab.alert", CLEARED, "trimtab.alert.cleared",
            EPISODE, "trimtab.rule.episode");

    private final Journal journal;
    private final Clock clock;
    private final ObjectName source;
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, Counter> counters;

    public Recorder(Journal journal, Clock clock, ObjectName source, MetricRegistry metrics, String name) {
        this.journal = journal;
        this.clock = clock;
        this.source = source;
        this.counters = Map.of(
                RECOMMENDED, metrics.counter("trimtab.optimizer." + name + ".recommended"),
                APPLIED, metrics.counter("trimtab.optimizer." + name + ".applied"),
                ROLLED_BACK, metrics.counter("trimtab.optimizer." + name + ".rolledBack"),
                FAILED, metrics.counter("trimtab.optimizer." + name + ".failed"),
                ALERT, metrics.counter("trimtab.optimizer." + name + ".alerts"));
    }

    /** Journals, notifies and counts one event; returns the journal entry. */
    public JournalEntry record(String kind, String rule, String target, Double before, Double after, String signals,
                               String outcome) {
        JournalEntry entry = journal.append(clock.millis(), kind, rule, target, before, after, signals, outcome);
        Counter counter = counters.get(kind);
        if (counter != null) {
            counter.inc();
        }
        notify(entry);
        LOG.info("Optimizer {} {} on {}{}: {} [{}]", kind, rule, target, change(before, after), outcome, signals);
        return entry;
    }

    private void notify(JournalEntry entry) {
        try {
            Notification notification = new Notification(TYPES.get(entry.kind()), source, sequence.incrementAndGet(),
                    clock.millis(), entry.rule() + " " + entry.kind() + " on " + entry.target()
                    + change(entry.before(), entry.after()) + ": " + entry.outcome() + " [" + entry.signals() + "]");
            notification.setUserData(entry.id());
            sendNotification(notification);
        } catch (RuntimeException e) {
            LOG.warn("Optimizer notification failed: {}", e.toString());
        }
    }

    private static String change(Double before, Double after) {
        if (before == null) {
            return "";
        }
        return String.format(Locale.ROOT, " %s -> %s", number(before), after == null ? "?" : number(after));
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.4g", value);
    }

    @Override
    public MBeanNotificationInfo[] getNotificationInfo() {
        return new MBeanNotificationInfo[] {
            info("trimtab.rule.recommended", "A rule proposes a change it may not apply (mode recommend, pinned, over budget, guarded)."),
            info("trimtab.rule.applied", "A rule changed a knob or ran an operation."),
            info("trimtab.rule.verified", "A change was watched over its verification window and kept."),
            info("trimtab.rule.rolledBack", "A change did not help and its knob was put back."),
            info("trimtab.rule.failed", "A rule's action threw; the cycle went on."),
            info("trimtab.alert", "A condition of concern was raised (heap, CPU, GC, disk, leak suspect, health)."),
            info("trimtab.alert.cleared", "An alert's signal passed its clear threshold, or its rule was turned off."),
            info("trimtab.rule.episode", "An acting rule's condition began to hold for a resource, or cleared."),
        };
    }

    private static MBeanNotificationInfo info(String type, String description) {
        return new MBeanNotificationInfo(new String[] {type}, Notification.class.getName(), description);
    }
}
