package io.trimtab.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.TrimtabBuilder;
import java.nio.file.Path;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jobs.cluster.* settings: each bad value is refused before anything starts, naming the setting. */
class FleetSettingsTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/fleet";

    @TempDir
    Path dataDir;

    private TrimtabBuilder builder() {
        return Trimtab.builder().name("settings").jmxDomain("test.settings").dataDir(dataDir).jolokiaEnabled(false);
    }

    private String refused(Class<? extends RuntimeException> type, TrimtabBuilder builder) throws Exception {
        String message = assertThrows(type, builder::start).getMessage();
        assertTrue(Fleet.SERVER.queryNames(new ObjectName("test.settings:*"), null).isEmpty(), "MBeans after " + message);
        return message;
    }

    @Test
    void aMalformedOrForeignJdbcUrlIsRefused() throws Exception {
        for (String url : new String[] {"jdbc:mysql://127.0.0.1/fleet", "postgresql://127.0.0.1/fleet",
                "jdbc:postgresql://127.0.0.1:notaport/fleet"}) {
            assertEquals("config jobs.cluster.jdbcUrl=" + url + " (from the builder) must be a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://db.example.com:5432/trimtab",
                    refused(IllegalArgumentException.class, builder().setting("jobs.cluster.jdbcUrl", url)));
        }
    }

    @Test
    void aPasswordInTheUrlIsRefusedAndNeverShown() throws Exception {
        String message = refused(IllegalArgumentException.class,
                builder().setting("jobs.cluster.jdbcUrl", URL + "?user=ops&password=url-secret-42"));
        assertEquals("config jobs.cluster.jdbcUrl=" + URL + "?user=ops&password=<masked> (from the builder) must not"
                + " carry a password (its password parameter): set jobs.cluster.password instead, which is never shown", message);
        assertFalse(message.contains("url-secret-42"));
    }

    @Test
    void aBadOrMissingTablePrefixIsRefused() throws Exception {
        for (String prefix : new String[] {"qrtz-", "1QRTZ_", "QRTZ_;DROP", "", "A".repeat(33)}) {
            String message = refused(IllegalArgumentException.class, builder().setting("jobs.cluster.jdbcUrl", URL)
                    .setting("jobs.cluster.tablePrefix", prefix));
            assertEquals("config jobs.cluster.tablePrefix=" + prefix + " (from the builder) must be 1 to 32 letters, digits"
                    + " or '_', starting with a letter or '_', such as QRTZ_", message);
        }
    }

    @Test
    void aCheckinIntervalOutOfBoundsIsRefused() throws Exception {
        assertEquals("config jobs.cluster.checkinInterval=100ms (from the builder) must be between 500ms and 1m but was 100ms",
                refused(IllegalArgumentException.class, builder().setting("jobs.cluster.jdbcUrl", URL)
                        .setting("jobs.cluster.checkinInterval", "100ms")));
    }

    @Test
    void credentialsWithoutAUrlAreRefused() throws Exception {
        assertEquals("config jobs.cluster.user is set but jobs.cluster.jdbcUrl is not: set the fleet database's URL too,"
                + " or neither", refused(IllegalStateException.class, builder().setting("jobs.cluster.user", "ops")));
        String message = refused(IllegalStateException.class, builder().setting("jobs.cluster.password", "pw-never-shown"));
        assertTrue(message.startsWith("config jobs.cluster.password is set but jobs.cluster.jdbcUrl is not"), message);
        assertFalse(message.contains("pw-never-shown"));
    }
}
