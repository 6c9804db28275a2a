package io.trimtab.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Looks at the JVM's own JMX remote agent, which JConsole uses from another machine. Trimtab does not start
 * it (local attach needs nothing); when the operator did, with {@code -Dcom.sun.management.jmxremote.port},
 * it must not be open without authentication, since a remote JMX client controls the whole JVM and no
 * Jolokia policy applies to it.
 */
public final class JmxRemoteCheck {

    static final String PORT = "com.sun.management.jmxremote.port";
    static final String AUTHENTICATE = "com.sun.management.jmxremote.authenticate";
    static final String SSL = "com.sun.management.jmxremote.ssl";

    private JmxRemoteCheck() {
    }

    /** What is wrong with the JMX remote settings in {@code system}; empty when it is off or protected. */
    public static List<String> problems(Properties system) {
        List<String> problems = new ArrayList<>();
        String port = system.getProperty(PORT);
        if (port == null) {
            return problems;
        }
        if ("false".equalsIgnoreCase(system.getProperty(AUTHENTICATE, "true").trim())) {
            problems.add("JMX remote listens on port " + port + " without authentication (" + AUTHENTICATE
                    + "=false): anyone who reaches the port controls this JVM; set a password and access file");
        } else if ("false".equalsIgnoreCase(system.getProperty(SSL, "true").trim())) {
            problems.add("JMX remote on port " + port + " sends passwords in clear text (" + SSL
                    + "=false); use SSL or keep the port on a trusted network");
        }
        return problems;
    }
}
