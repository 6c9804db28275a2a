package io.trimtab.dashboard;

import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.Optimizer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.InstanceNotFoundException;
import javax.management.ListenerNotFoundException;
import javax.management.MBeanServer;
import javax.management.Notification;
import javax.management.NotificationListener;
import javax.management.ObjectName;

/**
 * The journal's newest entries as the dashboard shows them. The journal lives in a SQLite file; it is read again only
 * after the optimizer announced an entry (every entry goes out as a notification of its MBean), so a page view runs
 * no SQL, however many viewers poll.
 */
final class RecentJournal implements NotificationListener, AutoCloseable {

    private final Optimizer optimizer;
    private final MBeanServer server;
    private final ObjectName optimizerName;
    private final int size;
    private final AtomicBoolean stale = new AtomicBoolean(true);
    private volatile List<JournalEntry> entries = List.of();

    RecentJournal(Optimizer optimizer, MBeanServer server, ObjectName optimizerName, int size) {
        this.optimizer = optimizer;
        this.server = server;
        this.optimizerName = optimizerName;
        this.size = size;
        try {
            server.addNotificationListener(optimizerName, this, null, null);
        } catch (InstanceNotFoundException e) {
            throw new IllegalStateException("the optimizer MBean " + optimizerName + " is not registered", e);
        }
    }

    /** The newest entries, oldest first, read from the journal only if one was added since the last read. */
    List<JournalEntry> entries() {
        if (stale.getAndSet(false)) {
            try {
                entries = optimizer.journal(size);
            } catch (RuntimeException e) {
                stale.set(true);
                throw e;
            }
        }
        return entries;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        stale.set(true);
    }

    @Override
    public void close() {
        try {
            server.removeNotificationListener(optimizerName, this);
        } catch (InstanceNotFoundException | ListenerNotFoundException gone) {
            // The optimizer was closed first: nothing is listening any more.
        }
    }
}
