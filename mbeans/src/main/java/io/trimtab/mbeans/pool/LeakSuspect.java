package io.trimtab.mbeans.pool;

import java.util.List;

/**
 * A connection leased longer than the pool's leak detection threshold and not yet returned.
 *
 * @param connectionId  the pool's number for this lease, stable while it lasts
 * @param borrowerThread name of the thread that borrowed it
 * @param borrowedAt    when it was borrowed, ISO-8601 UTC
 * @param leasedMillis  how long it has been leased so far
 * @param stack         the borrower's stack at the time of the borrow, innermost frame first
 */
public record LeakSuspect(long connectionId, String borrowerThread, String borrowedAt, long leasedMillis,
                          List<String> stack) {

    public LeakSuspect {
        stack = List.copyOf(stack);
    }
}
