package io.trimtab.mbeans.pool;

import static io.trimtab.mbeans.pool.PoolsFixture.eventually;
import static io.trimtab.mbeans.pool.PoolsFixture.selectOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.codahale.metrics.Gauge;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMX;
import javax.management.MBeanServer;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.commons.dbcp2.DelegatingConnection;
import org.apache.commons.dbcp2.PoolableConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedPoolTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;
    private PoolsFixture fixture;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private Pools pools(String name) {
        fixture = new PoolsFixture(name, dir);
        return fixture.pools;
    }

    @AfterEach
    void closeAll() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void figuresAfterAKnownSequenceOfBorrowsAndReturns() throws Exception {
        ManagedPool pool = pools("figures").create("figures", fixture.spec("figures").maxTotal(4).build());
        Connection first = pool.getConnection();
        Connection second = pool.getConnection();
        Connection third = pool.getConnection();
        assertEquals(1, selectOne(second));
        second.close();
        third.close();
        third.close();

        ConnectionPoolMXBean control = pool.control();
        assertEquals(3, control.getBorrowed());
        assertEquals(2, control.getReturned());
        assertEquals(1, control.getActive());
        assertEquals(2, control.getIdle());
        assertEquals(0.25, control.getUtilization());
        assertEquals(3, control.getOpened());
        assertEquals(0, control.getTimeouts());
        assertEquals(0, control.getWaiters());
        assertEquals("RUNNING", control.getState());
        assertEquals(3, fixture.metrics.counter("trimtab.pool.figures.borrowed").getCount());
        assertEquals(2, fixture.metrics.counter("trimtab.pool.figures.returned").getCount());
        assertEquals(1, gauge("trimtab.pool.figures.active"));
        first.close();
        assertEquals(0, gauge("trimtab.pool.figures.active"));
    }

    @Test
    void borrowsFurtherApartThanTheTimingIntervalAreAllTimed() throws Exception {
        ManagedPool pool = pools("timed").create("timed", fixture.spec("timed").build());
        for (int i = 0; i < 20; i++) {
            try (Connection connection = pool.getConnection()) {
                connection.getAutoCommit();
            }
            Thread.sleep(2); // longer than the 1 ms timing interval
        }
        assertEquals(20, fixture.metrics.histogram("trimtab.pool.timed.acquireNanos").getCount());
        assertEquals(20, fixture.metrics.histogram("trimtab.pool.timed.leaseNanos").getCount());
        for (int i = 0; i < 1_000; i++) {
            try (Connection connection = pool.getConnection()) {
                connection.getAutoCommit();
            }
        }
        long timed = fixture.metrics.histogram("trimtab.pool.timed.acquireNanos").getCount();
        assertTrue(timed > 20 && timed <= 1_020, "timed " + timed);
        ConnectionPoolMXBean control = pool.control();
        assertEquals(1_020, control.getBorrowed());
        assertEquals(1_020, control.getReturned());
        assertTrue(control.getAcquireP50Millis() > 0);
        assertTrue(control.getAcquireP95Millis() >= control.getAcquireP50Millis());
        assertTrue(control.getAcquireMaxMillis() >= control.getAcquireP99Millis());
        assertTrue(control.getLeaseP99Millis() > 0);
        assertTrue(control.getLeaseMaxMillis() >= control.getLeaseP50Millis());
    }

    @Test
    void aLeasedConnectionGuardsThePooledOneLikeDbcp2sOwnGuard() throws Exception {
        ManagedPool pool = pools("guard").create("guard", fixture.spec("guard").build());
        Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        assertSame(connection, statement.getConnection());
        assertTrue(connection.isWrapperFor(PoolableConnection.class));
        assertNull(((DelegatingConnection<?>) connection).getDelegate(), "no access to the pooled connection");
        PoolableConnection pooled = connection.unwrap(PoolableConnection.class);

        statement.getConnection().close();

        assertTrue(connection.isClosed());
        assertTrue(statement.isClosed(), "closing the connection closes its statements");
        assertThrows(SQLException.class, connection::createStatement);
        assertThrows(SQLException.class, () -> connection.setAutoCommit(false));
        connection.close();
        assertEquals(1, pool.control().getReturned());
        assertEquals(1, pool.control().getIdle());
        assertFalse(pooled.getInnermostDelegate().isClosed(), "back in the pool, its SQLite connection open");
        try (Connection again = pool.getConnection()) {
            assertSame(pooled, again.unwrap(PoolableConnection.class));
            assertFalse(again.isClosed());
        }
    }

    @Test
    void theLeasedConnectionOpensThePooledOneWhenThePoolAllowsIt() throws Exception {
        BasicDataSource owned = new BasicDataSource();
        owned.setUrl("jdbc:sqlite:" + dir.resolve("access.db"));
        owned.setAccessToUnderlyingConnectionAllowed(true);
        ManagedPool pool = pools("access").adopt("access", owned);
        try (Connection connection = pool.getConnection()) {
            DelegatingConnection<?> leased = (DelegatingConnection<?>) connection;
            assertSame(connection.unwrap(PoolableConnection.class), leased.getDelegate());
            assertTrue(leased.getInnermostDelegate() instanceof org.sqlite.SQLiteConnection);
        } finally {
            owned.close();
        }
    }

    @Test
    void anAdoptedPoolItsOwnerClosedSaysSo() throws Exception {
        BasicDataSource owned = new BasicDataSource();
        owned.setUrl("jdbc:sqlite:" + dir.resolve("owned.db"));
        ManagedPool pool = pools("owned").adopt("owned", owned);
        owned.close();
        SQLException e = assertThrows(SQLException.class, pool::getConnection);
        assertEquals("Connection pool 'owned' is closed", e.getMessage());
        assertEquals(0, pool.control().getBorrowed());
    }

    @Test
    void anExhaustedPoolCountsATimeoutAndSaysWhichPoolAndHowLongItWaited() throws Exception {
        ManagedPool pool = pools("exhaust").create("orders",
                fixture.spec("exhaust").maxTotal(2).maxWait(Duration.ofMillis(200)).build());
        try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
            SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, pool::getConnection);
            assertTrue(e.getMessage().startsWith("Connection pool 'orders' timed out after waiting "), e.getMessage());
            Matcher waited = Pattern.compile("waiting (\\d+) ms").matcher(e.getMessage());
            assertTrue(waited.find(), e.getMessage());
            assertTrue(Long.parseLong(waited.group(1)) >= 199, e.getMessage());
            assertTrue(e.getMessage().contains("maxWait 200 ms"), e.getMessage());
            assertTrue(e.getCause() instanceof java.util.NoSuchElementException, e.toString());
            assertEquals(1, pool.control().getTimeouts());
            assertEquals(2, pool.control().getBorrowed());
        }
        assertEquals(1, fixture.metrics.counter("trimtab.pool.orders.timeouts").getCount());

        try (Connection first = pool.getConnection(); Connection second = pool.getConnection()) {
            assertThrows(SQLTransientConnectionException.class, pool::getConnection, "exhausted once more");
            assertEquals(2, pool.control().getTimeouts());
        }
        try (Connection again = pool.getConnection()) {
            assertTrue(again.isValid(1));
        }
        assertEquals(5, pool.control().getBorrowed());
    }

    @Test
    void anAdoptedPoolFollowsItsOwnersRestart() throws Exception {
        BasicDataSource owned = new BasicDataSource();
        owned.setUrl("jdbc:sqlite:" + dir.resolve("restarted.db"));
        ManagedPool pool = pools("restarted").adopt("restarted", owned);
        try (Connection connection = pool.getConnection()) {
            assertTrue(connection.isValid(1));
        }
        pool.control().resize(4);

        owned.restart();

        try (Connection connection = pool.getConnection(); Connection other = pool.getConnection()) {
            assertTrue(connection.isValid(1) && other.isValid(1));
            assertEquals(2, pool.control().getActive(), "figures read from the new DBCP2 pool");
        }
        assertEquals(4, pool.control().getMaxConnections(), "the restarted pool keeps the size set before");
        assertEquals(3, pool.control().getBorrowed());
        assertEquals(2, pool.control().getIdle());
    }

    @Test
    void aFailedValidationIsNotATimeoutAndIsCountedByItsReason() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("invalid.db"));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE probe (id INTEGER)");
        }
        ManagedPool pool = pools("invalid").create("invalid", fixture.spec("invalid").maxWait(Duration.ofSeconds(5))
                .testOnBorrow(true).validationQuery("SELECT count(*) FROM probe").build());
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE probe");
        }

        SQLException e = assertThrows(SQLException.class, pool::getConnection);

        assertFalse(e instanceof SQLTransientConnectionException, e.toString());
        assertTrue(e.getCause() instanceof java.util.NoSuchElementException, e.toString());
        assertEquals(0, pool.control().getTimeouts());
        // the idle connection failed its check, then the new one DBCP2 opened in its place, then the one opened by
        // the borrow that would have waited for a returned connection
        assertEquals(3L, pool.control().getClosedByReason().get("validationFailure"));
    }

    @Test
    void aLeakIsReportedWithTheBorrowersStackAndStaysOpen() throws Exception {
        ManagedPool pool = pools("leak").create("leak",
                fixture.spec("leak").leakDetectionThreshold(Duration.ofMillis(50)).build());
        Connection leaked = borrowAndForget(pool);
        try (Connection returned = pool.getConnection()) {
            assertEquals(1, selectOne(returned));
        }
        assertTrue(eventually(() -> pool.control().getLeaksReported() == 1));
        List<LeakSuspect> leaks = pool.control().leaks();
        assertEquals(1, leaks.size());
        LeakSuspect suspect = leaks.get(0);
        assertTrue(suspect.stack().get(0).contains("ManagedPoolTest.borrowAndForget"), suspect.stack().toString());
        assertEquals(Thread.currentThread().getName(), suspect.borrowerThread());
        assertTrue(suspect.leasedMillis() >= 50);
        assertEquals(50, pool.control().getLeakDetectionThresholdMillis());
        assertFalse(leaked.isClosed());
        assertEquals(1, selectOne(leaked));

        leaked.close();
        assertEquals(List.of(), pool.control().leaks());
        assertEquals(1, pool.control().getLeaksReported());
    }

    private static Connection borrowAndForget(ManagedPool pool) throws SQLException {
        return pool.getConnection();
    }

    @Test
    void aSuspendedPoolHoldsBorrowersUntilResumedOrFailsThemFast() throws Exception {
        ManagedPool pool = pools("suspend").create("suspend", fixture.spec("suspend").build());
        ConnectionPoolMXBean control = pool.control();
        control.suspend(false);
        assertEquals("SUSPENDED", control.getState());
        Future<Integer> waiting = threads.submit(() -> {
            try (Connection connection = pool.getConnection()) {
                return selectOne(connection);
            }
        });
        assertTrue(eventually(() -> control.getWaiters() == 1));
        assertFalse(waiting.isDone());
        control.resume();
        assertEquals(1, waiting.get(10, TimeUnit.SECONDS));
        assertEquals("RUNNING", control.getState());

        control.suspend(true);
        SQLTransientConnectionException e = assertThrows(SQLTransientConnectionException.class, pool::getConnection);
        assertEquals("Connection pool 'suspend' is suspended", e.getMessage());
        control.setMaxWaitMillis(50);
        control.suspend(false);
        e = assertThrows(SQLTransientConnectionException.class, pool::getConnection);
        assertTrue(e.getMessage().startsWith("Connection pool 'suspend' timed out after waiting"), e.getMessage());
        assertEquals(1, control.getTimeouts());
        control.resume();
        control.resume();
        try (Connection connection = pool.getConnection()) {
            assertEquals(1, selectOne(connection));
        }
    }

    @Test
    void softResetReplacesIdleConnectionsAndLeavesBusyOnesAlone() throws Exception {
        ManagedPool pool = pools("reset").create("reset", fixture.spec("reset").build());
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            connections.add(pool.getConnection());
        }
        Connection busy = pool.getConnection();
        for (Connection connection : connections) {
            connection.close();
        }
        assertEquals(3, pool.control().getIdle());

        assertEquals(3, pool.control().softReset());

        assertEquals(0, pool.control().getIdle());
        assertEquals(1, selectOne(busy));
        assertEquals(3L, pool.control().getClosedByReason().get("softReset"));
        busy.close();
        try (Connection fresh = pool.getConnection()) {
            assertEquals(1, selectOne(fresh));
        }
    }

    @Test
    void evictIdleClosesConnectionsIdleLongerThanTheIdleTimeout() throws Exception {
        ManagedPool pool = pools("evict").create("evict",
                fixture.spec("evict").idleTimeout(Duration.ofMillis(1)).evictionInterval(Duration.ZERO).build());
        Connection first = pool.getConnection();
        Connection second = pool.getConnection();
        first.close();
        second.close();
        Thread.sleep(20);

        assertEquals(2, pool.control().evictIdle());

        assertEquals(0, pool.control().getIdle());
        Map<String, Long> closed = pool.control().getClosedByReason();
        assertEquals(2L, closed.get("idleEviction"));
        assertEquals(0L, closed.get("other"));
    }

    @Test
    void theMXBeanServesTheSameFiguresThroughJmx() throws Exception {
        ManagedPool pool = pools("jmx").create("jmx",
                fixture.spec("jmx").maxTotal(4).resizeBounds(1, 10).leakDetectionThreshold(Duration.ofMillis(1)).build());
        ConnectionPoolMXBean proxy = JMX.newMXBeanProxy(SERVER, pool.objectName(), ConnectionPoolMXBean.class);
        assertEquals("test.pools.jmx:type=ConnectionPool,name=jmx", pool.objectName().toString());
        try (Connection connection = pool.getConnection()) {
            Thread.sleep(5);
            List<LeakSuspect> leaks = proxy.leaks();
            assertEquals(1, leaks.size());
            assertFalse(leaks.get(0).stack().isEmpty());
            assertEquals(1, proxy.getActive());
        }
        proxy.setMaxConnections(7);
        assertEquals(7, pool.control().getMaxConnections());
        proxy.resize(3);
        assertEquals(3, proxy.getMaxConnections());
        assertEquals(3, proxy.getMaxIdle());
        assertEquals(1, proxy.getResizeMinConnections());
        assertEquals(10, proxy.getResizeMaxConnections());
        assertEquals(0L, proxy.getClosedByReason().get("abandoned"));
        assertEquals(pool.control().getRecommendedMaxConnections(), proxy.getRecommendedMaxConnections());
        assertFalse(proxy.isAdopted());
    }

    @Test
    void connectionsDbcp2ClosesAsAbandonedAreCounted() throws Exception {
        ManagedPool pool = pools("abandon").create("abandon", fixture.spec("abandon").maxTotal(2)
                .abandonedTimeout(Duration.ofSeconds(1)).evictionInterval(Duration.ofMillis(100)).build());
        Connection abandoned = pool.getConnection();
        assertTrue(eventually(() -> pool.control().getClosedByReason().get("abandoned") == 1));
        assertEquals(0, pool.control().getActive());
        try (Connection other = pool.getConnection()) {
            assertEquals(1, selectOne(other));
        }
        PoolableConnection physical = abandoned.unwrap(PoolableConnection.class);
        abandoned.close();
        assertTrue(physical.getInnermostDelegate().isClosed(), "sqlite-jdbc ignores abort: Trimtab closes it");
        assertEquals(0, pool.control().getActive());
        assertEquals(1L, pool.control().getClosedByReason().get("abandoned"));
    }

    @Test
    void waitersAreServedWhenThePoolGrows() throws Exception {
        ManagedPool pool = pools("grow").create("grow", fixture.spec("grow").maxTotal(1).resizeBounds(1, 4)
                .maxWait(Duration.ofSeconds(10)).build());
        try (Connection held = pool.getConnection()) {
            CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
                try (Connection connection = pool.getConnection()) {
                    return selectOne(connection);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            assertTrue(eventually(() -> pool.control().getWaiters() == 1));
            pool.control().resize(2);
            assertEquals(1, waiter.get(5, TimeUnit.SECONDS));
            assertEquals(1, selectOne(held));
        }
    }

    @Test
    void aPoolGrownByManyServesEveryWaiterAndKeepsTheNewConnectionsIdle() throws Exception {
        ManagedPool pool = pools("growmany").create("growmany", fixture.spec("growmany").maxTotal(2)
                .resizeBounds(1, 16).maxWait(Duration.ofSeconds(10)).build());
        List<Connection> held = new ArrayList<>(List.of(pool.getConnection(), pool.getConnection()));
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Integer>> waiters = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waiters.add(CompletableFuture.supplyAsync(() -> {
                try (Connection connection = pool.getConnection()) {
                    release.await();
                    return selectOne(connection);
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, threads));
        }
        assertTrue(eventually(() -> pool.control().getWaiters() == 6));

        pool.control().resize(8);

        assertTrue(eventually(() -> pool.control().getActive() == 8), "every waiter got a connection without a return");
        assertEquals(8, pool.control().getMaxIdle(), "a maxIdle that tracked maxTotal grows with it");
        release.countDown();
        for (CompletableFuture<Integer> waiter : waiters) {
            assertEquals(1, waiter.get(5, TimeUnit.SECONDS));
        }
        for (Connection connection : held) {
            connection.close();
        }
        assertEquals(8, pool.control().getIdle(), "returned connections are kept, not closed above the old size");
    }

    private long gauge(String name) {
        Gauge<?> gauge = fixture.metrics.getGauges().get(name);
        return ((Number) gauge.getValue()).longValue();
    }
}
