package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.CheckpointResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.BusyHandler;

/**
 * Keeps the WAL bounded off the application's threads. Connections run with automatic checkpoints off, which
 * SQLite would otherwise run on the committing thread every 1,000 pages. Every {@link #tick()} reads the log's
 * length from the wal-index. While a writer is active and the log is short, nothing is done: a concurrent
 * checkpoint cannot finish against a continuous writer anyway (the writer rewinds the log only when it finds it
 * fully checkpointed as it begins). Once the writer rests, a PASSIVE checkpoint copies the log back. Once the log
 * holds {@link #RESTART_ABOVE_FRAMES} frames, a PASSIVE checkpoint copies the bulk of it back alongside the writer,
 * then a RESTART checkpoint copies the rest and lets the next write rewind the log: it first holds back the write
 * helper's next transactions (SQLite's locks are not fair, so a continuous writer would win every race), then tries
 * for the lock of whoever writes around the helper and waits for readers, retrying at once for at most
 * {@link #RESTART_BUSY_TIMEOUT_MILLIS}. So one write transaction per few MiB of log waits, for
 * the frames of a moment rather than for megabytes. When readers keep every RESTART from finishing for
 * {@link #STARVATION_MILLIS}, the database is reported starved.
 */
final class Checkpointer {

    static final List<String> MODES = List.of("PASSIVE", "FULL", "RESTART", "TRUNCATE");
    static final int RESTART_ABOVE_FRAMES = 4096;
    static final int RESTART_BUSY_TIMEOUT_MILLIS = 20;
    /** How long the checkpointer waits for the write helper's transactions in flight to end. */
    static final long GATE_WAIT_MILLIS = 1_000;
    /** After a RESTART that could not finish, wait this long before holding writers up again. */
    static final long RESTART_RETRY_MILLIS = 1_000;
    static final long STARVATION_MILLIS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(Checkpointer.class);

    private final String name;
    private final Path wal;
    private final MaintenanceConnection maintenance;
    private final Clock clock;
    private final LongSupplier busyTimeoutMillis;
    private final LongSupplier oldestBorrowedMillis;
    private final ReadWriteLock writeGate;
    private final WalIndex walIndex;
    private final LongAdder count = new LongAdder();
    private final LongAdder starvations = new LongAdder();
    private volatile CheckpointResult last;
    private volatile boolean starved;
    // Touched by the background thread only.
    private long unfinishedSince = -1;
    private int framesLastRound = -1;
    private int framesCheckpointed = -1;
    private long lastFailedRestart = Long.MIN_VALUE / 2;

    Checkpointer(String name, Path wal, MaintenanceConnection maintenance, Clock clock, LongSupplier busyTimeoutMillis,
                 LongSupplier oldestBorrowedMillis, ReadWriteLock writeGate) {
        this.name = name;
        this.writeGate = writeGate;
        this.walIndex = new WalIndex(Path.of(wal.toString().replaceFirst("-wal$", "-shm")));
        this.wal = wal;
        this.maintenance = maintenance;
        this.clock = clock;
        this.busyTimeoutMillis = busyTimeoutMillis;
        this.oldestBorrowedMillis = oldestBorrowedMillis;
    }

    /**
     * The mode in upper case.
     *
     * @throws IllegalArgumentException naming the value and the modes
     */
    static String requireMode(String mode) {
        String upper = mode == null ? "" : mode.trim().toUpperCase(Locale.ROOT);
        if (!MODES.contains(upper)) {
            throw new IllegalArgumentException("checkpoint mode must be one of " + String.join(", ", MODES)
                    + " but was '" + mode + "'");
        }
        return upper;
    }

    /** Runs a checkpoint, retrying with backoff while it cannot complete (busy answers or readers in the way). */
    CheckpointResult checkpoint(String mode) throws SQLException {
        String checked = requireMode(mode);
        long started = System.nanoTime();
        int[] answer = null;
        int attempt = 0;
        while (attempt < MaintenanceConnection.MAX_ATTEMPTS) {
            attempt++;
            MaintenanceConnection.Attempted<int[]> tried = maintenance.retrying(c -> walCheckpoint(c, checked));
            answer = tried.value();
            if (answer != null && (answer[0] == 0 || checked.equals("PASSIVE"))) {
                break;
            }
            Busy.backoff(attempt);
        }
        return record(checked, answer == null ? new int[] {1, -1, -1} : answer, attempt, started);
    }

    /**
     * One background round. A short log is copied back (PASSIVE) only while the writer rests, so no copy and its
     * fsync race a commit; a long one is rewound by a brief RESTART.
     */
    void tick() {
        try {
            int frames = walIndex.frames();
            if (frames < 0) {
                CheckpointResult passive = passive(); // the wal-index is unreadable: learn the frames the slow way
                frames = passive == null ? 0 : passive.logFrames();
            } else if (frames > 0 && frames < RESTART_ABOVE_FRAMES) {
                if (frames == framesLastRound && frames != framesCheckpointed) {
                    CheckpointResult passive = passive();
                    if (passive != null && passive.completed()) {
                        framesCheckpointed = frames;
                        noLongerStarved();
                    }
                }
            }
            framesLastRound = frames;
            if (frames < RESTART_ABOVE_FRAMES || frames == framesCheckpointed) {
                return;
            }
            long now = clock.millis();
            if (now - lastFailedRestart < RESTART_RETRY_MILLIS) {
                return;
            }
            // Copy the bulk back while the writer goes on; the writer is then held only for what it appended since.
            if (passive() == null) {
                return; // an operator's maintenance holds the connection; try again next round
            }
            CheckpointResult restart = restartBriefly();
            if (restart == null) {
                return; // an operator's maintenance holds the connection; try again next round
            }
            if (restart.completed()) {
                framesCheckpointed = restart.logFrames(); // rewound by the next write
                noLongerStarved();
            } else {
                lastFailedRestart = now;
                watchStarvation(restart, now);
            }
        } catch (SQLException | RuntimeException e) {
            if (!maintenance.isClosed()) {
                LOG.warn("Database '{}': background checkpoint failed: {}", name, e.toString());
            }
        }
    }

    private CheckpointResult passive() throws SQLException {
        long started = System.nanoTime();
        int[] answer = maintenance.tryUse(0, c -> walCheckpoint(c, "PASSIVE"));
        return answer == null ? null : record("PASSIVE", answer, 1, started);
    }

    /**
     * Holds the write helper's transactions back (fairly, after those in flight) for the moment the RESTART needs,
     * then restarts with a short busy timeout for whoever writes around the helper and for readers. The
     * maintenance connection is taken first, and only if free: writers are never held while an operator's
     * maintenance runs. Returns null if it was not free.
     */
    private CheckpointResult restartBriefly() throws SQLException {
        long started = System.nanoTime();
        int[] answer = maintenance.tryUse(0, c -> {
            Lock exclusive = writeGate.writeLock();
            boolean gated = false;
            try {
                gated = exclusive.tryLock(GATE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                BusyHandler.setHandler(c, new RetryPromptly(RESTART_BUSY_TIMEOUT_MILLIS));
                return walCheckpoint(c, "RESTART");
            } catch (SQLException e) {
                if (Busy.isBusy(e)) {
                    return new int[] {1, -1, -1};
                }
                throw e;
            } finally {
                if (gated) {
                    exclusive.unlock();
                }
                BusyHandler.clearHandler(c);
                MaintenanceConnection.execute(c, "PRAGMA busy_timeout=" + busyTimeoutMillis.getAsLong());
            }
        });
        return answer == null ? null : record("RESTART", answer, 1, started);
    }

    /**
     * A busy handler that tries again at once, yielding the CPU between tries, until its time is up. SQLite's own
     * sleeps 1, 2, 5, 10 ms and more between tries, and a writer that commits transaction after transaction,
     * outside the write helper, takes the lock back within microseconds each time: that handler never finds it free,
     * and the WAL grows without bound. Trying at once finds one of those gaps.
     */
    private static final class RetryPromptly extends BusyHandler {

        private final long deadlineNanos;

        RetryPromptly(long millis) {
            this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        }

        @Override
        protected int callback(int triesSoFar) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return 0;
            }
            Thread.yield();
            return 1;
        }
    }

    private void watchStarvation(CheckpointResult failed, long now) {
        if (unfinishedSince < 0) {
            unfinishedSince = now;
        } else if (now - unfinishedSince >= STARVATION_MILLIS && !starved) {
            starved = true;
            starvations.increment();
            LOG.warn("Database '{}': checkpoints starved for {} ms: readers keep the WAL ({} bytes, {} of {} frames"
                            + " checkpointed) from being rewound; the oldest borrowed connection is {} ms old",
                    name, now - unfinishedSince, failed.walSizeBytes(), failed.checkpointedFrames(), failed.logFrames(),
                    oldestBorrowedMillis.getAsLong());
        }
    }

    private void noLongerStarved() {
        if (starved) {
            LOG.info("Database '{}': checkpoints complete again, WAL at {} bytes", name, walSizeBytes());
        }
        unfinishedSince = -1;
        starved = false;
    }

    private CheckpointResult record(String mode, int[] answer, int attempts, long startedNanos) {
        boolean completed = answer[0] == 0 && answer[1] == answer[2];
        CheckpointResult result = new CheckpointResult(mode, completed, answer[1], answer[2], walSizeBytes(),
                attempts, (System.nanoTime() - startedNanos) / 1_000_000, clock.instant().toString());
        last = result;
        count.increment();
        return result;
    }

    private static int[] walCheckpoint(Connection connection, String mode) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            rs.next();
            return new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)};
        }
    }

    void close() {
        walIndex.close();
    }

    long walSizeBytes() {
        try {
            return Files.size(wal);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return -1;
        }
    }

    CheckpointResult last() {
        return last;
    }

    long count() {
        return count.sum();
    }

    long starvations() {
        return starvations.sum();
    }

    boolean starved() {
        return starved;
    }
}
