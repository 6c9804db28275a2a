package io.trimtab.mbeans.pool;

import static io.trimtab.mbeans.pool.PoolsFixture.eventually;
import static io.trimtab.mbeans.pool.PoolsFixture.selectOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LiveSettingsTest {

    @TempDir
    Path dir;
    private PoolsFixture fixture;

    @AfterEach
    void closeAll() {
        fixture.close();
    }

    private ManagedPool pool(String name, PoolSpec.Builder spec) {
        fixture = new PoolsFixture(name, dir);
        return fixture.pools.create(name, spec.build());
    }

    private record Settings(int maxTotal, int minIdle, int maxIdle, long maxWaitMillis, int dbcpMaxTotal) {
        static Settings of(ManagedPool pool) throws Exception {
            ConnectionPoolMXBean c = pool.control();
            return new Settings(c.getMaxConnections(), c.getMinIdle(), c.getMaxIdle(), c.getMaxWaitMillis(),
                    pool.unwrap(org.apache.commons.dbcp2.BasicDataSource.class).getMaxTotal());
        }
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                bad(c -> c.resize(0), "maxTotal must be between 1 and 10 (the resize bounds) but was 0"),
                bad(c -> c.resize(11), "maxTotal must be between 1 and 10 (the resize bounds) but was 11"),
                bad(c -> c.setMaxConnections(-3), "maxTotal must be between 1 and 10 (the resize bounds) but was -3"),
                bad(c -> c.resize(1), "maxTotal must be at least minIdle (2) but was 1"),
                bad(c -> c.setMaxConnections(1), "maxTotal must be at least minIdle (2) but was 1"),
                bad(c -> c.setMinIdle(-1), "minIdle must be between 0 and maxIdle (4) but was -1"),
                bad(c -> c.setMinIdle(5), "minIdle must be between 0 and maxIdle (4) but was 5"),
                bad(c -> c.setMaxIdle(1), "maxIdle must be between minIdle (2) and maxTotal (6) but was 1"),
                bad(c -> c.setMaxIdle(7), "maxIdle must be between minIdle (2) and maxTotal (6) but was 7"),
                bad(c -> c.setMaxWaitMillis(-1), "maxWaitMillis must be at least 0 but was -1"));
    }

    private static Arguments bad(Consumer<ConnectionPoolMXBean> change, String message) {
        return Arguments.of(change, message);
    }

    @ParameterizedTest
    @MethodSource("badSettings")
    void aBadSettingSaysWhatIsWrongAndChangesNothing(Consumer<ConnectionPoolMXBean> change, String message)
            throws Exception {
        ManagedPool pool = pool("bad", PoolSpec.builder("jdbc:sqlite:" + dir.resolve("bad.db"))
                .maxTotal(6).minIdle(2).maxIdle(4).resizeBounds(1, 10).maxWait(Duration.ofSeconds(2)));
        Settings before = Settings.of(pool);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.accept(pool.control()));

        assertEquals(message, e.getMessage());
        assertEquals(before, Settings.of(pool));
        assertEquals(new Settings(6, 2, 4, 2000, 6), before);
    }

    @Test
    void goodSettingsTakeEffectOnTheRunningPool() throws Exception {
        ManagedPool pool = pool("good", PoolSpec.builder("jdbc:sqlite:" + dir.resolve("good.db")).maxTotal(6)
                .resizeBounds(2, 10));
        ConnectionPoolMXBean control = pool.control();
        control.setMaxConnections(10);
        control.setMaxIdle(9);
        control.setMinIdle(3);
        control.setMaxWaitMillis(1500);
        assertEquals(new Settings(10, 3, 9, 1500, 10), Settings.of(pool));
        control.resize(4);
        assertEquals(new Settings(4, 3, 4, 1500, 4), Settings.of(pool));
    }

    @Test
    void aLiveResizeUnderLoadTakesEffectWithoutDroppingAConnectionInUse() throws Exception {
        ManagedPool pool = pool("resize", PoolSpec.builder("jdbc:sqlite:" + dir.resolve("resize.db")).maxTotal(8)
                .testOnBorrow(false).maxWait(Duration.ofSeconds(20)));
        ConnectionPoolMXBean control = pool.control();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong work = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 6; i++) {
            workers.execute(() -> {
                while (running.get()) {
                    try (Connection connection = pool.getConnection()) {
                        Thread.sleep(1);
                        if (selectOne(connection) != 1) {
                            throw new AssertionError("wrong answer");
                        }
                        work.incrementAndGet();
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }
            });
        }
        List<Connection> heldAcrossTheShrink = new ArrayList<>();
        try {
            assertTrue(eventually(() -> control.getActive() >= 5));
            heldAcrossTheShrink.add(pool.getConnection());

            control.resize(2);

            assertEquals(2, control.getMaxConnections());
            assertTrue(eventually(() -> control.getActive() + control.getIdle() <= 2),
                    () -> "active " + control.getActive() + " idle " + control.getIdle());
            assertEquals(1, selectOne(heldAcrossTheShrink.get(0)));
            long before = work.get();
            assertTrue(eventually(() -> work.get() > before + 20), "the load still makes progress");

            control.resize(6);
            assertTrue(eventually(() -> control.getActive() >= 4));
        } finally {
            running.set(false);
            workers.shutdown();
            assertTrue(workers.awaitTermination(30, TimeUnit.SECONDS));
            for (Connection held : heldAcrossTheShrink) {
                held.close();
            }
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(control.getBorrowed(), control.getReturned());
        assertEquals(0, control.getTimeouts());
        assertTrue(control.getClosedByReason().get("resize") > 0, control.getClosedByReason().toString());
    }
}
