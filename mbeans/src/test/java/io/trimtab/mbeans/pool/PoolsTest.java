package io.trimtab.mbeans.pool;

import static io.trimtab.mbeans.pool.PoolsFixture.selectOne;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.commons.dbcp2.BasicDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PoolsTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;
    private PoolsFixture fixture;

    @AfterEach
    void closeAll() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Pools pools(String name) {
        fixture = new PoolsFixture(name, dir);
        return fixture.pools;
    }

    @Test
    void anAdoptedPoolKeepsItsOwnersSettingsAndStaysOpenWhenThePoolsClose() throws Exception {
        Pools pools = pools("adopt");
        BasicDataSource owned = new BasicDataSource();
        owned.setUrl("jdbc:sqlite:" + dir.resolve("adopted.db"));
        owned.addConnectionProperty("journal_mode", "WAL");
        owned.setConnectionInitSqls(List.of("PRAGMA foreign_keys=ON"));
        owned.setMaxTotal(4);

        ManagedPool pool = pools.adopt("adopted", owned);
        ManagedPool created = pools.create("created", fixture.spec("created").build());
        try (Connection connection = pool.getConnection()) {
            assertEquals("wal", pragma(connection, "journal_mode"));
            assertEquals("1", pragma(connection, "foreign_keys"));
        }
        assertTrue(pool.adopted());
        assertTrue(pool.control().isAdopted());
        assertEquals(4, pool.control().getResizeMaxConnections());
        assertEquals(1, pool.control().getBorrowed());
        assertEquals(List.of("adopted", "created"), pools.names());
        assertEquals(owned, pool.unwrap(BasicDataSource.class));
        ObjectName name = pool.objectName();
        assertTrue(SERVER.isRegistered(name));

        pools.close();

        assertFalse(SERVER.isRegistered(name));
        assertFalse(SERVER.isRegistered(created.objectName()));
        assertTrue(fixture.metrics.getMetrics().isEmpty(), fixture.metrics.getNames().toString());
        assertFalse(owned.isClosed());
        try (Connection connection = owned.getConnection()) {
            assertEquals(1, selectOne(connection));
        }
        assertTrue(created.unwrap(BasicDataSource.class).isClosed());
        SQLException e = assertThrows(SQLException.class, created::getConnection);
        assertEquals("Connection pool 'created' is closed", e.getMessage());
        owned.close();
    }

    @Test
    void anAdoptedPoolThatHasNotStartedIsStarted() throws Exception {
        BasicDataSource owned = new BasicDataSource();
        owned.setUrl("jdbc:sqlite:" + dir.resolve("later.db"));
        ManagedPool pool = pools("later").adopt("later", owned, new ResizeBounds(2, 16), Duration.ofSeconds(5));
        assertEquals(0, pool.control().getActive());
        assertEquals(16, pool.control().getResizeMaxConnections());
        assertEquals(5000, pool.control().getLeakDetectionThresholdMillis());
        owned.close();
    }

    static Stream<Arguments> badRegistrations() {
        return Stream.<Arguments>of(
                bad(p -> p.get("nope"), IllegalArgumentException.class,
                        "no connection pool named 'nope'; the pools are [main]"),
                bad(p -> p.create("main", PoolSpec.builder("jdbc:sqlite::memory:").build()), IllegalStateException.class,
                        "a connection pool named 'main' already exists"),
                bad(p -> p.create("bad name", PoolSpec.builder("jdbc:sqlite::memory:").build()),
                        IllegalArgumentException.class, "pool name 'bad name' is not a legal ObjectName value: use 1 to 64"
                                + " letters, digits, '.', '_' or '-', starting with a letter or digit"),
                bad(p -> p.adopt("small", sized(8), new ResizeBounds(1, 4), Duration.ZERO), IllegalArgumentException.class,
                        "maxTotal of adopted pool 'small' must be within resizeBounds [1, 4] but was 8"),
                bad(p -> p.adopt("leaky", sized(8), new ResizeBounds(1, 8), Duration.ofMillis(-1)),
                        IllegalArgumentException.class, "leakDetectionThreshold must be at least 0 ms but was -1 ms"),
                bad(p -> p.create("nodriver", PoolSpec.builder("jdbc:nosuchdb:x").build()), IllegalStateException.class,
                        "cannot start pool 'nodriver': "));
    }

    private static BasicDataSource sized(int maxTotal) {
        BasicDataSource dataSource = new BasicDataSource();
        dataSource.setUrl("jdbc:sqlite::memory:");
        dataSource.setMaxTotal(maxTotal);
        return dataSource;
    }

    private static Arguments bad(Consumer<Pools> call, Class<? extends RuntimeException> type, String message) {
        return Arguments.of(call, type, message);
    }

    @ParameterizedTest
    @MethodSource("badRegistrations")
    void aBadRegistrationSaysWhatIsWrongAndChangesNothing(Consumer<Pools> call, Class<? extends RuntimeException> type,
                                                         String message) throws Exception {
        Pools pools = pools("bad");
        pools.create("main", fixture.spec("main").build());
        Map<String, ?> metricsBefore = fixture.metrics.getMetrics();

        RuntimeException e = assertThrows(type, () -> call.accept(pools));

        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        assertEquals(List.of("main"), pools.names());
        assertEquals(metricsBefore.keySet(), fixture.metrics.getMetrics().keySet());
        assertEquals(List.of(new ObjectName(fixture.domain + ":type=ConnectionPool,name=main")),
                fixture.registrar.registeredNames());
    }

    @Test
    void aClosedRegistryTakesNoNewPools() {
        Pools pools = pools("closed");
        pools.close();
        pools.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> pools.create("late", fixture.spec("late").build()));
        assertEquals("the pools are closed", e.getMessage());
    }

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
