package io.trimtab.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrimtabConfigTest {

    @TempDir
    Path dir;

    private static final Properties NO_SYSTEM = new Properties();

    @Test
    void defaultsApplyWhenNothingIsSet() {
        TrimtabConfig config = TrimtabConfig.resolve(Map.of(), null, NO_SYSTEM);
        assertEquals("trimtab", config.get(TrimtabSettings.NAME));
        assertEquals("io.trimtab", config.get(TrimtabSettings.JMX_DOMAIN));
        assertEquals(Path.of("data"), config.get(TrimtabSettings.DATA_DIR));
        assertEquals(8778, config.get(TrimtabSettings.JOLOKIA_PORT));
        assertEquals("127.0.0.1", config.get(TrimtabSettings.JOLOKIA_HOST).getHostAddress());
        assertTrue(config.get(TrimtabSettings.JOLOKIA_ENABLED));
    }

    @Test
    void theFileOverridesTheBuilderAndSystemPropertiesOverrideBoth() throws Exception {
        Path file = Files.writeString(dir.resolve("trimtab.properties"), "name=fromfile\njolokia.port = 9001\n");
        Properties system = new Properties();
        system.setProperty("trimtab.jolokia.port", "9002");
        system.setProperty("unrelated.key", "ignored");

        TrimtabConfig config = TrimtabConfig.resolve(Map.of("name", "frombuilder", "jmx.domain", "acme.tuning"), file, system);

        assertEquals("fromfile", config.get(TrimtabSettings.NAME));
        assertEquals("acme.tuning", config.get(TrimtabSettings.JMX_DOMAIN));
        assertEquals(9002, config.get(TrimtabSettings.JOLOKIA_PORT));
    }

    @Test
    void anUnknownKeyIsNamedWithItsSource() throws Exception {
        Path file = Files.writeString(dir.resolve("trimtab.properties"), "jolokia.prot=8778\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of(), file, NO_SYSTEM));
        assertTrue(e.getMessage().startsWith("unknown config key 'jolokia.prot' (from config file " + file + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("jolokia.port"), e.getMessage());

        Properties system = new Properties();
        system.setProperty("trimtab.datadir", "x");
        e = assertThrows(IllegalArgumentException.class, () -> TrimtabConfig.resolve(Map.of(), null, system));
        assertTrue(e.getMessage().startsWith("unknown config key 'datadir' (from system property trimtab.datadir)"), e.getMessage());
    }

    @Test
    void aBadPortNamesTheKeyTheValueAndTheRange() {
        Properties system = new Properties();
        system.setProperty("trimtab.jolokia.port", "70000");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of(), null, system));
        assertEquals("config jolokia.port=70000 (from system property trimtab.jolokia.port) must be between 0 and 65535",
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of("jolokia.port", "http"), null, NO_SYSTEM));
        assertEquals("config jolokia.port=http (from the builder) must be a whole number between 0 and 65535", e.getMessage());
    }

    @Test
    void malformedValuesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of("jolokia.enabled", "yes please"), null, NO_SYSTEM));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of("name", "my app"), null, NO_SYSTEM));
        assertTrue(e.getMessage().contains("'my app' is not a legal ObjectName value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of("jmx.domain", "bad:domain"), null, NO_SYSTEM));
        assertTrue(e.getMessage().contains("jmx.domain=bad:domain"), e.getMessage());
    }

    @Test
    void aMissingConfigFileIsAnError() {
        Path missing = dir.resolve("nope.properties");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrimtabConfig.resolve(Map.of(), missing, NO_SYSTEM));
        assertTrue(e.getMessage().startsWith("cannot read config file " + missing), e.getMessage());
    }

    @Test
    void secretsAreMaskedInMessagesAndDescriptions() {
        TrimtabConfig config = TrimtabConfig.resolve(Map.of("jolokia.user", "ops", "jolokia.password", "hunter2"), null, NO_SYSTEM);
        assertEquals("<masked>", config.describe().get("jolokia.password"));
        assertEquals("hunter2", config.get(TrimtabSettings.JOLOKIA_PASSWORD));
        assertFalse(config.describe().containsValue("hunter2"));
    }

    @Test
    void userAndPasswordGoTogether() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TrimtabConfig.resolve(Map.of("jolokia.user", "ops"), null, NO_SYSTEM));
        assertTrue(e.getMessage().contains("jolokia.user and jolokia.password go together"), e.getMessage());
    }
}
