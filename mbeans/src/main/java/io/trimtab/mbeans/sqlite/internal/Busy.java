package io.trimtab.mbeans.sqlite.internal;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/** Recognizes SQLite's busy and locked answers and waits between retries. */
final class Busy {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private Busy() {
    }

    /** SQLITE_BUSY, SQLITE_LOCKED and their extended codes (SQLITE_BUSY_SNAPSHOT, ...), anywhere in the chain. */
    static boolean isBusy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                int primary = ((SQLException) t).getErrorCode() & 0xff;
                String message = String.valueOf(t.getMessage());
                if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || message.contains("[SQLITE_BUSY")
                        || message.contains("[SQLITE_LOCKED")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Sleeps about 2^attempt ms, at most ~200 ms, with jitter so that retrying threads spread out. */
    static void backoff(int attempt) throws SQLException {
        long base = Math.min(1L << Math.min(attempt, 20), 128);
        long millis = base + ThreadLocalRandom.current().nextLong(base + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry a busy database", e);
        }
    }
}
