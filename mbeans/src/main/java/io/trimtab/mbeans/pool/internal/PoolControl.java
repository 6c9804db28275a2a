package io.trimtab.mbeans.pool.internal;

import static io.trimtab.mbeans.Checks.requireArgument;

import io.trimtab.mbeans.pool.ConnectionPoolMXBean;
import io.trimtab.mbeans.pool.LeakSuspect;
import io.trimtab.mbeans.pool.ResizeBounds;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MXBean of a managed pool: figures read from DBCP2 and the recorder when asked, and the live settings,
 * each checked before anything changes. Changes are serialized so that checks across settings hold.
 */
final class PoolControl implements ConnectionPoolMXBean {

    private static final Logger LOG = LoggerFactory.getLogger(PoolControl.class);

    private final ManagedDataSource managed;
    private final BasicDataSource dataSource;
    private final PoolRecorder recorder;
    private final ResizeBounds bounds;
    private final SizingAdvisor advisor;
    private final PoolResizer resizer;

    PoolControl(ManagedDataSource managed, ResizeBounds bounds, Clock clock) {
        this.managed = managed;
        this.dataSource = managed.dataSource;
        this.recorder = managed.recorder;
        this.bounds = bounds;
        this.advisor = new SizingAdvisor(clock, 0);
        this.resizer = new PoolResizer(managed);
    }

    @Override
    public String getState() {
        return managed.gate.state();
    }

    @Override
    public boolean isAdopted() {
        return managed.adopted();
    }

    @Override
    public int getActive() {
        return managed.pool.getNumActive();
    }

    @Override
    public int getIdle() {
        return managed.pool.getNumIdle();
    }

    @Override
    public int getWaiters() {
        return managed.pool.getNumWaiters() + managed.gate.waiting();
    }

    @Override
    public int getMaxConnections() {
        return managed.pool.getMaxTotal();
    }

    @Override
    public void setMaxConnections(int maxTotal) {
        resize(maxTotal);
    }

    @Override
    public int getMinIdle() {
        return dataSource.getMinIdle();
    }

    @Override
    public synchronized void setMinIdle(int minIdle) {
        int maxIdle = dataSource.getMaxIdle();
        requireArgument(minIdle >= 0 && minIdle <= maxIdle, "minIdle must be between 0 and maxIdle (%d) but was %d",
                maxIdle, minIdle);
        dataSource.setMinIdle(minIdle);
    }

    @Override
    public int getMaxIdle() {
        return dataSource.getMaxIdle();
    }

    @Override
    public synchronized void setMaxIdle(int maxIdle) {
        int minIdle = dataSource.getMinIdle();
        int maxTotal = dataSource.getMaxTotal();
        requireArgument(maxIdle >= minIdle && maxIdle <= maxTotal,
                "maxIdle must be between minIdle (%d) and maxTotal (%d) but was %d", minIdle, maxTotal, maxIdle);
        dataSource.setMaxIdle(maxIdle);
    }

    @Override
    public long getMaxWaitMillis() {
        return dataSource.getMaxWaitDuration().toMillis();
    }

    @Override
    public synchronized void setMaxWaitMillis(long maxWaitMillis) {
        requireArgument(maxWaitMillis >= 0, "maxWaitMillis must be at least 0 but was %d", maxWaitMillis);
        dataSource.setMaxWait(Duration.ofMillis(maxWaitMillis));
    }

    @Override
    public int getResizeMinConnections() {
        return bounds.minTotal();
    }

    @Override
    public int getResizeMaxConnections() {
        return bounds.maxTotal();
    }

    @Override
    public synchronized void resize(int maxTotal) {
        requireArgument(bounds.contains(maxTotal), "maxTotal must be between %d and %d (the resize bounds) but was %d",
                bounds.minTotal(), bounds.maxTotal(), maxTotal);
        int minIdle = dataSource.getMinIdle();
        requireArgument(maxTotal >= minIdle, "maxTotal must be at least minIdle (%d) but was %d", minIdle, maxTotal);
        resizer.resize(maxTotal);
    }

    @Override
    public long getBorrowed() {
        return recorder.borrowed.getCount();
    }

    @Override
    public long getReturned() {
        return recorder.returned.getCount();
    }

    @Override
    public long getOpened() {
        return managed.pool.getCreatedCount();
    }

    @Override
    public long getDestroyed() {
        return managed.pool.getDestroyedCount();
    }

    @Override
    public long getTimeouts() {
        return recorder.timeouts.getCount();
    }

    @Override
    public double getUtilization() {
        return (double) managed.pool.getNumActive() / Math.max(1, managed.pool.getMaxTotal());
    }

    @Override
    public double getAcquireP50Millis() {
        return PoolRecorder.millis(recorder.acquireNanos.getSnapshot(), 0.50);
    }

    @Override
    public double getAcquireP95Millis() {
        return PoolRecorder.millis(recorder.acquireNanos.getSnapshot(), 0.95);
    }

    @Override
    public double getAcquireP99Millis() {
        return PoolRecorder.millis(recorder.acquireNanos.getSnapshot(), 0.99);
    }

    @Override
    public double getAcquireMaxMillis() {
        return recorder.acquireNanos.getSnapshot().getMax() / 1e6;
    }

    @Override
    public double getLeaseP50Millis() {
        return PoolRecorder.millis(recorder.leaseNanos.getSnapshot(), 0.50);
    }

    @Override
    public double getLeaseP99Millis() {
        return PoolRecorder.millis(recorder.leaseNanos.getSnapshot(), 0.99);
    }

    @Override
    public double getLeaseMaxMillis() {
        return recorder.leaseNanos.getSnapshot().getMax() / 1e6;
    }

    @Override
    public double getBorrowsPerSecond() {
        double rate = advisor.borrowsPerSecond(getBorrowed());
        return Double.isNaN(rate) ? 0 : rate;
    }

    @Override
    public int getRecommendedMaxConnections() {
        return SizingAdvisor.recommend(advisor.borrowsPerSecond(getBorrowed()),
                recorder.leaseNanos.getSnapshot().getMean() / 1e6, getMaxConnections(), bounds);
    }

    @Override
    public Map<String, Long> getClosedByReason() {
        GenericObjectPool<PoolableConnection> pool = managed.pool;
        return PoolRecorder.closedByReason(pool.getDestroyedByEvictorCount(), pool.getDestroyedByBorrowValidationCount(),
                recorder.closedAbandoned.getCount(), recorder.closedByResize.getCount(),
                recorder.closedBySoftReset.getCount(), pool.getDestroyedCount());
    }

    @Override
    public long getLeakDetectionThresholdMillis() {
        return managed.leases == null ? 0 : TimeUnit.NANOSECONDS.toMillis(managed.leases.thresholdNanos());
    }

    @Override
    public long getLeaksReported() {
        return recorder.leaksReported.getCount();
    }

    @Override
    public synchronized int evictIdle() {
        long before = managed.pool.getDestroyedByEvictorCount();
        try {
            dataSource.evict();
        } catch (Exception e) {
            throw new IllegalStateException("eviction in pool '" + managed.name + "' failed: " + e.getMessage(), e);
        }
        return (int) (managed.pool.getDestroyedByEvictorCount() - before);
    }

    @Override
    public synchronized int softReset() {
        GenericObjectPool<PoolableConnection> pool = managed.pool;
        long before = pool.getDestroyedCount();
        pool.clear();
        int closed = (int) (pool.getDestroyedCount() - before);
        recorder.closedBySoftReset.inc(closed);
        try {
            pool.preparePool();
        } catch (Exception e) {
            LOG.warn("Pool '{}': could not reopen minIdle connections after a soft reset: {}", managed.name, e.toString());
        }
        return closed;
    }

    @Override
    public void suspend(boolean failFast) {
        managed.gate.suspend(failFast);
    }

    @Override
    public void resume() {
        managed.gate.resume();
    }

    @Override
    public List<LeakSuspect> leaks() {
        return managed.leases == null ? List.of() : managed.leases.suspects();
    }
}
