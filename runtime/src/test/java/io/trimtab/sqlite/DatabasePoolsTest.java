package io.trimtab.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.mbeans.pool.ConnectionPoolMXBean;
import io.trimtab.mbeans.sqlite.ManagedDatabase;
import io.trimtab.mbeans.sqlite.Profile;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database opened through the runtime is also one of its connection pools, measured on every borrow. */
class DatabasePoolsTest {

    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dataDir;

    @Test
    void aDatabasesPoolIsAManagedConnectionPool() throws Exception {
        ObjectName poolName = new ObjectName("test.dbpools:type=ConnectionPool,name=orders");
        try (Trimtab trimtab = Trimtab.builder().name("dbpools").jmxDomain("test.dbpools").dataDir(dataDir)
                .jolokiaEnabled(false).start()) {
            ManagedDatabase orders = trimtab.databases().open("orders", Path.of("orders.db"), Profile.SAFE_WAL);
            assertEquals(java.util.List.of("orders"), trimtab.pools().names());
            ConnectionPoolMXBean pool = JMX.newMXBeanProxy(SERVER, poolName, ConnectionPoolMXBean.class);
            long borrowedBefore = pool.getBorrowed();

            orders.inWriteTransaction(c -> {
                try (Statement s = c.createStatement()) {
                    return s.executeUpdate("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
                }
            });
            try (Connection c = orders.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.executeQuery("SELECT count(*) FROM items").close();
            }

            assertEquals(borrowedBefore + 2, pool.getBorrowed());
            assertEquals(pool.getBorrowed(), pool.getReturned());
            assertTrue(SERVER.isRegistered(new ObjectName("test.dbpools:type=Database,name=orders")));
        }
        assertFalse(SERVER.isRegistered(poolName));
    }
}
