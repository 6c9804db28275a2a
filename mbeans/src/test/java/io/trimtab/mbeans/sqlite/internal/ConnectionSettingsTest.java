package io.trimtab.mbeans.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.sqlite.Profile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionSettingsTest {

    @TempDir
    Path dataDir;

    @Test
    void aConnectionOnTheDriversDefaultsFailsTheReadBackNamingEachPragma() throws Exception {
        ConnectionSettings settings = ConnectionSettings.of(Profile.SAFE_WAL, 16_384);
        try (Connection plain = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("plain.db"))) {
            PragmaMismatchException mismatch = assertThrows(PragmaMismatchException.class, () -> settings.verify(plain));
            assertTrue(mismatch.getMessage().startsWith("connection does not have the pragmas of profile safe-wal:"
                    + " journal_mode is delete but must be wal; synchronous is 2 but must be 1; busy_timeout is 3000"
                    + " but must be 5000"), mismatch.getMessage());
        }
    }

    @Test
    void theDriverPropertiesGiveAConnectionThatPassesTheReadBack() throws Exception {
        ConnectionSettings settings = ConnectionSettings.of(Profile.READ_MOSTLY, 2048)
                .withOverride(AllowedPragma.BUSY_TIMEOUT, "1234");
        try (Connection configured = SqliteDataSource.openUnpooled("jdbc:sqlite:" + dataDir.resolve("ok.db"),
                settings)) {
            settings.verify(configured);
        }
    }
}
