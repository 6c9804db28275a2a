package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.SqlWork;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one connection that checkpoints, maintenance and attribute reads use, outside the application's pool so
 * they never take a connection the application waits for. Configured and verified like the pooled connections;
 * one user at a time.
 */
final class MaintenanceConnection implements AutoCloseable {

    /** Maintenance retries busy answers this often (each after the connection's own busy timeout). */
    static final int MAX_ATTEMPTS = 5;

    /** The result of work retried on busy answers: its value, or null if every attempt was busy. */
    record Attempted<T>(T value, int attempts, boolean busy) {
    }

    private final String url;
    private final Supplier<ConnectionSettings> settings;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    private volatile boolean closed;

    MaintenanceConnection(String url, Supplier<ConnectionSettings> settings) {
        this.url = url;
        this.settings = settings;
    }

    /** Runs {@code work} with the connection, waiting for any other user. */
    <T> T use(SqlWork<T> work) throws SQLException {
        lock.lock();
        try {
            return work.run(connection());
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work} unless another user keeps the connection for longer than {@code waitMillis}; then null. */
    <T> T tryUse(long waitMillis, SqlWork<T> work) throws SQLException {
        try {
            if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        try {
            return work.run(connection());
        } finally {
            lock.unlock();
        }
    }

    /** Runs {@code work}, retrying busy answers with backoff; persistent busy answers are reported, not thrown. */
    <T> Attempted<T> retrying(SqlWork<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return new Attempted<>(use(work), attempt, false);
            } catch (SQLException e) {
                if (!Busy.isBusy(e)) {
                    throw e;
                }
                if (attempt == MAX_ATTEMPTS) {
                    return new Attempted<>(null, attempt, true);
                }
                Busy.backoff(attempt);
            }
        }
    }

    /** Closes the connection; the next use opens one with the settings then in effect. */
    void reopen() {
        lock.lock();
        try {
            closeConnection();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        reopen();
    }

    boolean isClosed() {
        return closed;
    }

    private Connection connection() throws SQLException {
        if (closed) {
            throw new SQLException("the database is closed");
        }
        if (connection == null) {
            connection = SqliteDataSource.openUnpooled(url, settings.get());
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a SQLite handle fails only if statements are left open; the handle is gone either way.
            }
            connection = null;
        }
    }

    static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    static String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static List<String> queryStrings(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
