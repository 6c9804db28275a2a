package io.trimtab.mbeans.pool.internal;

import io.trimtab.mbeans.pool.LeakSuspect;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of a pool that are out now, kept only when someone needs them: leak detection (a lease held
 * longer than the threshold is reported once, with the borrower's stack) or DBCP2's abandoned-connection
 * removal. DBCP2 forgets an abandoned connection without telling anyone and closes it with
 * {@code Connection.abort}, which sqlite-jdbc does not implement; so a lease is counted as abandoned when the
 * pool lends out fewer connections than there are leases, and its connection is closed when it comes back.
 */
final class LeaseTracker {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseTracker.class);
    private static final String INTERNAL_PACKAGE = LeaseTracker.class.getPackageName() + ".";

    /** One lease as leak detection sees it. */
    static final class Lease {
        final long id;
        final String thread;
        final long borrowedAtMillis;
        /** Where the borrower stood, or null when leak detection is off. */
        final Throwable stack;
        volatile boolean reported;
        /** Set when DBCP2 dropped the connection as abandoned: it must be closed, not returned. */
        volatile boolean abandoned;

        private Lease(long id, String thread, long borrowedAtMillis, Throwable stack) {
            this.id = id;
            this.thread = thread;
            this.borrowedAtMillis = borrowedAtMillis;
            this.stack = stack;
        }
    }

    private final String poolName;
    private final long thresholdNanos;
    private final long abandonedAfterNanos;
    private final IntSupplier active;
    private final PoolRecorder recorder;
    private final Clock clock;
    private final Set<LeasedConnection> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param thresholdNanos      lease time that makes a suspect; 0 turns leak detection off
     * @param abandonedAfterNanos DBCP2's remove-abandoned timeout, or -1 when it removes none
     * @param active              the number of connections DBCP2 counts as lent out
     */
    LeaseTracker(String poolName, long thresholdNanos, long abandonedAfterNanos, IntSupplier active,
                 PoolRecorder recorder, Clock clock) {
        this.poolName = poolName;
        this.thresholdNanos = thresholdNanos;
        this.abandonedAfterNanos = abandonedAfterNanos;
        this.active = active;
        this.recorder = recorder;
        this.clock = clock;
    }

    long thresholdNanos() {
        return thresholdNanos;
    }

    /** A new lease of the calling thread; the stack is taken only when leak detection is on. */
    Lease open() {
        Throwable stack = thresholdNanos > 0 ? new Exception("connection borrowed here") : null;
        return new Lease(ids.incrementAndGet(), Thread.currentThread().getName(), clock.millis(), stack);
    }

    void track(LeasedConnection connection) {
        outstanding.add(connection);
    }

    void untrack(LeasedConnection connection) {
        outstanding.remove(connection);
    }

    /** Counts leases DBCP2 dropped as abandoned and reports, once each, leases past the threshold. */
    void sweep() {
        long now = System.nanoTime();
        if (abandonedAfterNanos >= 0) {
            markAbandoned(now);
        }
        for (LeasedConnection connection : outstanding) {
            if (isSuspect(connection, now) && !connection.lease.reported) {
                connection.lease.reported = true;
                recorder.leaksReported.inc();
                LOG.warn("Pool '{}': connection {} leased by thread {} for {} ms, longer than the leak detection"
                                + " threshold of {} ms; it is not closed", poolName, connection.lease.id,
                        connection.lease.thread, TimeUnit.NANOSECONDS.toMillis(now - connection.leasedAtNanos),
                        TimeUnit.NANOSECONDS.toMillis(thresholdNanos), connection.lease.stack);
            }
        }
    }

    /** The leases past the threshold now, longest first. */
    List<LeakSuspect> suspects() {
        long now = System.nanoTime();
        List<LeasedConnection> suspects = new ArrayList<>();
        for (LeasedConnection connection : outstanding) {
            if (isSuspect(connection, now)) {
                suspects.add(connection);
            }
        }
        suspects.sort(Comparator.comparingLong(c -> c.leasedAtNanos));
        List<LeakSuspect> result = new ArrayList<>(suspects.size());
        for (LeasedConnection connection : suspects) {
            Lease lease = connection.lease;
            result.add(new LeakSuspect(lease.id, lease.thread, Instant.ofEpochMilli(lease.borrowedAtMillis).toString(),
                    TimeUnit.NANOSECONDS.toMillis(now - connection.leasedAtNanos), borrowerFrames(lease.stack)));
        }
        return result;
    }

    private boolean isSuspect(LeasedConnection connection, long now) {
        return thresholdNanos > 0 && now - connection.leasedAtNanos > thresholdNanos;
    }

    /**
     * Leases beyond what DBCP2 lends out were dropped by it; they are the oldest of those leased longer than
     * the abandoned timeout. Reading the active count before and after the leases keeps a borrow or return
     * under way from looking like a drop.
     */
    private void markAbandoned(long now) {
        int activeBefore = active.getAsInt();
        int leased = outstanding.size();
        int dropped = leased - Math.max(activeBefore, active.getAsInt());
        if (dropped <= 0) {
            return;
        }
        List<LeasedConnection> candidates = new ArrayList<>();
        for (LeasedConnection connection : outstanding) {
            if (now - connection.leasedAtNanos >= abandonedAfterNanos) {
                candidates.add(connection);
            }
        }
        candidates.sort(Comparator.comparingLong(c -> c.leasedAtNanos));
        for (LeasedConnection connection : candidates.subList(0, Math.min(dropped, candidates.size()))) {
            if (outstanding.remove(connection)) {
                connection.lease.abandoned = true;
                recorder.closedAbandoned.inc();
                LOG.warn("Pool '{}': connection {} leased by thread {} was removed as abandoned; it closes when"
                        + " the borrower closes it", poolName, connection.lease.id, connection.lease.thread);
            }
        }
    }

    /** The borrower's frames, without the pool's own frames on top. */
    private static List<String> borrowerFrames(Throwable stack) {
        return Arrays.stream(stack.getStackTrace())
                .dropWhile(frame -> frame.getClassName().startsWith(INTERNAL_PACKAGE))
                .map(StackTraceElement::toString)
                .toList();
    }
}
