package io.trimtab.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class JmxRemoteCheckTest {

    private static Properties of(String... keysAndValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void offOrProtectedIsFine() {
        assertEquals(List.of(), JmxRemoteCheck.problems(of()));
        assertEquals(List.of(), JmxRemoteCheck.problems(of(JmxRemoteCheck.PORT, "9010")));
        assertEquals(List.of(), JmxRemoteCheck.problems(of(JmxRemoteCheck.PORT, "9010", JmxRemoteCheck.AUTHENTICATE, "true")));
    }

    @Test
    void openWithoutAuthenticationOrInClearTextIsNamed() {
        assertEquals(List.of("JMX remote listens on port 9010 without authentication (com.sun.management.jmxremote.authenticate=false):"
                        + " anyone who reaches the port controls this JVM; set a password and access file"),
                JmxRemoteCheck.problems(of(JmxRemoteCheck.PORT, "9010", JmxRemoteCheck.AUTHENTICATE, "false")));
        assertEquals(List.of("JMX remote on port 9010 sends passwords in clear text (com.sun.management.jmxremote.ssl=false);"
                        + " use SSL or keep the port on a trusted network"),
                JmxRemoteCheck.problems(of(JmxRemoteCheck.PORT, "9010", JmxRemoteCheck.SSL, "false")));
    }
}
