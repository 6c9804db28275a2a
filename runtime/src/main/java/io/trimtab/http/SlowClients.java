package io.trimtab.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.EventsHandler;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes the connections of clients too slow to be worth a socket or a thread, which the idle timeout alone lets
 * stay: one that has not completed a request head within the head timeout of opening or of its last answer (a
 * trickle of header bytes resets the idle timeout forever, and enough of them fill the connection cap), and one
 * whose answer write has not gone out within the write timeout (a client that never reads holds the request's
 * thread). Jetty 12 has neither: its {@code HttpConfiguration} data rates are no longer enforced, and its
 * {@code MinimumDataRateHandler} checks neither headers nor a write that blocks.
 *
 * <p>A sweep on the server's scheduler checks every open connection a few times per timeout, so a connection is
 * closed between one timeout and one timeout plus a sweep period late. Requests still being served, with no write
 * pending (a slow operation, a request waiting for its turn), are left alone.
 */
final class SlowClients extends EventsHandler {

    private static final long MAX_SWEEP_PERIOD_MILLIS = 500;

    private final long headTimeoutNanos;
    private final long writeTimeoutNanos;
    private final long sweepPeriodMillis;
    private final Scheduler scheduler;
    private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();
    private final Connection.Listener connections = new Connection.Listener() {
        @Override
        public void onOpened(Connection connection) {
            // The HTTP connection, not the TLS one beneath it: its count of request heads is the one to watch.
            if (connection instanceof ConnectionMetaData) {
                watches.put(connection, new Watch(NanoTime.now()));
            }
        }

        @Override
        public void onClosed(Connection connection) {
            watches.remove(connection);
        }
    };
    private volatile Scheduler.Task sweep;

    SlowClients(Handler handler, Duration headTimeout, Duration writeTimeout, Scheduler scheduler) {
        super(handler);
        this.headTimeoutNanos = headTimeout.toNanos();
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.sweepPeriodMillis = Math.max(10, Math.min(MAX_SWEEP_PERIOD_MILLIS,
                Math.min(headTimeout.toMillis(), writeTimeout.toMillis()) / 4));
        this.scheduler = scheduler;
    }

    /** To add to the connector, which tells it of every connection opened and closed. */
    Connection.Listener connectionListener() {
        return connections;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        sweep = scheduler.schedule(this::sweep, sweepPeriodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task task = sweep;
        if (task != null) {
            task.cancel();
        }
        super.doStop();
    }

    private void sweep() {
        long now = NanoTime.now();
        watches.forEach((connection, watch) -> {
            if (watch.headLate(connection, now) || watch.writeStalled(now)) {
                connection.close();
            }
        });
        if (isRunning()) {
            sweep = scheduler.schedule(this::sweep, sweepPeriodMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void onResponseWrite(Request request, boolean last, ByteBuffer content) {
        Watch watch = watch(request);
        if (watch != null) {
            watch.writingSince = NanoTime.now() | 1;
        }
    }

    @Override
    protected void onResponseWriteComplete(Request request, Throwable failure) {
        Watch watch = watch(request);
        if (watch != null) {
            watch.writingSince = 0;
        }
    }

    @Override
    protected void onComplete(Request request, Throwable failure) {
        Watch watch = watch(request);
        if (watch != null) {
            watch.answered(NanoTime.now());
        }
    }

    private Watch watch(Request request) {
        return watches.get(request.getConnectionMetaData().getConnection());
    }

    /** What one connection is doing: how many requests it has been answered, since when, and a pending write. */
    private final class Watch {
        private final AtomicLong answered = new AtomicLong();
        private volatile long waitingSince;
        /** When the pending write began, 0 for none (odd otherwise). */
        private volatile long writingSince;

        Watch(long openedAt) {
            waitingSince = openedAt;
        }

        void answered(long now) {
            // The time first: a sweep that sees the new count sees the new time too.
            waitingSince = now;
            answered.incrementAndGet();
        }

        /** Whether no request head has come, every one before being answered, within the head timeout. */
        boolean headLate(Connection connection, long now) {
            // The count answered first: a head received meanwhile then shows as one more received.
            long done = answered.get();
            return connection.getMessagesIn() == done && now - waitingSince > headTimeoutNanos;
        }

        boolean writeStalled(long now) {
            long since = writingSince;
            return since != 0 && now - since > writeTimeoutNanos;
        }
    }
}
