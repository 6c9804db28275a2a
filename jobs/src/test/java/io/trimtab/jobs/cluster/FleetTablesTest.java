package io.trimtab.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements read from the Quartz jar's script, and how the fleet's settings show themselves. */
class FleetTablesTest {

    @Test
    void theScriptBecomesPrefixedCreatesOnly() {
        List<String> statements = FleetTables.statements("FLEET_");
        assertEquals(12, statements.stream().filter(sql -> sql.startsWith("CREATE TABLE")).count(),
                "Quartz's 11 tables and Trimtab's runs table");
        assertTrue(statements.stream().filter(sql -> sql.startsWith("CREATE INDEX")).count() > 10);
        assertTrue(statements.stream().anyMatch(sql -> sql.startsWith("CREATE TABLE FLEET_LOCKS")));
        assertTrue(statements.stream().anyMatch(sql -> sql.startsWith("CREATE TABLE FLEET_TRIMTAB_FLEET_RUNS")));
        for (String sql : statements) {
            assertFalse(sql.contains("QRTZ_"), "unprefixed: " + sql);
            assertFalse(sql.toUpperCase().contains("DROP") || sql.toUpperCase().contains("COMMIT") || sql.contains("--"), sql);
        }
        assertTrue(statements.stream().anyMatch(sql -> sql.matches("(?s)CREATE INDEX IDX_FLEET_\\w+\\s+ON FLEET_TRIGGERS.*")),
                "index names carry the prefix, so two fleets' indexes never collide");
    }

    @Test
    void thePasswordIsMaskedWhereverTheConfigShows() {
        FleetConfig config = new FleetConfig("jdbc:postgresql://db:5432/fleet?ssl=true", "ops", "pw-1234", "QRTZ_",
                Duration.ofSeconds(2));
        assertEquals("FleetConfig[jdbcUrl=jdbc:postgresql://db:5432/fleet?ssl=true, user=ops, password=<masked>,"
                + " tablePrefix=QRTZ_, checkinInterval=2s]", config.toString());
        assertEquals("jdbc:postgresql://db/fleet?user=a&sslpassword=<masked>&password=<masked>",
                FleetConfig.maskUrl("jdbc:postgresql://db/fleet?user=a&sslpassword=k3y&password=s3cret"));
    }
}
