package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.SqlWork;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import javax.sql.DataSource;

/**
 * Runs units of work in {@code BEGIN IMMEDIATE} transactions: the write lock is taken before the first read, so
 * the read-then-write upgrade that answers {@code SQLITE_BUSY_SNAPSHOT} cannot happen inside the work, and what
 * busy answers remain (another writer past the busy timeout) are rolled back and retried with backoff.
 */
final class WriteTransactions {

    static final int MAX_ATTEMPTS = 8;

    private final DataSource pool;
    private final QueryStatistics statistics;
    private final ReadWriteLock checkpointGate;
    private final LongAdder retries = new LongAdder();

    /**
     * @param pool           the pool the work's connections come from
     * @param statistics     where the work's statements are timed; transaction control is not, so it runs on the
     *                       pool's own connection, as statements the pool keeps prepared
     * @param checkpointGate shared by the write transactions, taken exclusively by the checkpointer for the moment
     *                       it needs no writer: SQLite's own locks are not fair, so a continuous writer would
     *                       otherwise win every race for the write lock
     */
    WriteTransactions(DataSource pool, QueryStatistics statistics, ReadWriteLock checkpointGate) {
        this.pool = pool;
        this.statistics = statistics;
        this.checkpointGate = checkpointGate;
    }

    <T> T run(SqlWork<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            Lock shared = checkpointGate.readLock();
            shared.lock();
            try (Connection connection = pool.getConnection()) {
                return once(connection, MeasuredStatements.connection(connection, statistics), work);
            } catch (SQLException e) {
                if (!Busy.isBusy(e) || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
                retries.increment();
            } finally {
                shared.unlock();
            }
            Busy.backoff(attempt);
        }
    }

    long retries() {
        return retries.sum();
    }

    private static <T> T once(Connection connection, Connection measured, SqlWork<T> work) throws SQLException {
        execute(connection, "BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            T result = work.run(measured);
            execute(connection, "COMMIT");
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackQuietly(connection);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.execute();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            // No transaction left to roll back (SQLite already ended it); nothing else to undo.
        }
    }
}
