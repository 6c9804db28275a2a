package io.trimtab.mbeans.pool;

import io.trimtab.mbeans.jmx.Description;
import java.util.List;
import java.util.Map;

/**
 * One DBCP2 connection pool: {@code <domain>:type=ConnectionPool,name=<name>}. Figures are point-in-time;
 * counters count every borrow and return since the pool came under management; times are in milliseconds,
 * taken on one borrow in 16 chosen at random, and their percentiles are over a decaying sample that favours
 * the last five minutes.
 */
@Description("A DBCP2 connection pool managed by Trimtab: its state, live size settings, borrow and lease figures, "
        + "suspected leaks and a sizing advice.")
public interface ConnectionPoolMXBean {

    @Description("RUNNING, SUSPENDED (new borrowers wait, or fail at once when suspended fail-fast) or CLOSED.")
    String getState();

    @Description("Whether the pool was adopted: its owner, not Trimtab, closes it.")
    boolean isAdopted();

    @Description("Connections lent out now.")
    int getActive();

    @Description("Connections idle in the pool now.")
    int getIdle();

    @Description("Threads waiting now for a connection, including those held by a suspended pool.")
    int getWaiters();

    @Description("Most connections open at once (DBCP2's maxTotal). Writable within the resize bounds and not below MinIdle.")
    int getMaxConnections();

    void setMaxConnections(int maxTotal);

    @Description("Idle connections the evictor keeps ready. Writable from 0 to MaxIdle.")
    int getMinIdle();

    void setMinIdle(int minIdle);

    @Description("Most idle connections kept; more are closed when returned. Writable from MinIdle to MaxConnections.")
    int getMaxIdle();

    void setMaxIdle(int maxIdle);

    @Description("Milliseconds a borrower waits for a connection before it times out; -1 waits for ever. "
            + "Writable, at least 0.")
    long getMaxWaitMillis();

    void setMaxWaitMillis(long maxWaitMillis);

    @Description("Smallest MaxConnections that may be set while the pool runs.")
    int getResizeMinConnections();

    @Description("Largest MaxConnections that may be set while the pool runs.")
    int getResizeMaxConnections();

    @Description("Connections borrowed through the managed pool.")
    long getBorrowed();

    @Description("Connections returned to the managed pool.")
    long getReturned();

    @Description("Connections DBCP2 opened.")
    long getOpened();

    @Description("Connections DBCP2 closed, for any reason.")
    long getDestroyed();

    @Description("Borrows that waited MaxWaitMillis and got no connection.")
    long getTimeouts();

    @Description("Active divided by MaxConnections, from 0 to 1 (above 1 while a shrink is under way).")
    double getUtilization();

    @Description("Median time to get a connection, ms.")
    double getAcquireP50Millis();

    @Description("95th percentile of the time to get a connection, ms.")
    double getAcquireP95Millis();

    @Description("99th percentile of the time to get a connection, ms.")
    double getAcquireP99Millis();

    @Description("Longest time to get a connection in the sample, ms.")
    double getAcquireMaxMillis();

    @Description("Median time a connection was held, ms.")
    double getLeaseP50Millis();

    @Description("99th percentile of the time a connection was held, ms.")
    double getLeaseP99Millis();

    @Description("Longest time a connection was held in the sample, ms.")
    double getLeaseMaxMillis();

    @Description("Borrows per second over the last window of at least a second.")
    double getBorrowsPerSecond();

    @Description("Advice: borrow rate x mean lease time (Little's law) plus 25 % headroom, within the resize "
            + "bounds. Trimtab's rules decide whether to act on it.")
    int getRecommendedMaxConnections();

    @Description("Connections closed, by reason: idleEviction (the evictor, including failed idle checks), "
            + "validationFailure (failed check on borrow), abandoned, resize, softReset, other.")
    Map<String, Long> getClosedByReason();

    @Description("Lease time in ms after which a connection is reported as a suspected leak; 0 when off.")
    long getLeakDetectionThresholdMillis();

    @Description("Suspected leaks reported since the pool came under management.")
    long getLeaksReported();

    @Description("Sets MaxConnections within the resize bounds, not below MinIdle. Connections in use stay open; "
            + "when shrinking, idle connections above the new maximum close now and busy ones on return.")
    void resize(@Description("The new MaxConnections.") int maxTotal);

    @Description("Runs one idle eviction pass now; returns the number of connections it closed.")
    int evictIdle();

    @Description("Closes the idle connections so that fresh ones replace them; connections in use stay open. "
            + "Returns the number closed.")
    int softReset();

    @Description("Suspends the pool: new borrowers wait until resume() or MaxWaitMillis, or fail at once.")
    void suspend(@Description("true: new borrowers fail at once instead of waiting.") boolean failFast);

    @Description("Resumes a suspended pool and lets the waiting borrowers through.")
    void resume();

    @Description("The connections leased longer than the leak detection threshold, with the borrower's stack.")
    List<LeakSuspect> leaks();
}
