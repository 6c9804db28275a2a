package io.trimtab.config;

import io.trimtab.jobs.Durations;
import io.trimtab.jolokia.CorsOrigins;
import io.trimtab.mbeans.jmx.ObjectNames;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every configuration key Trimtab knows, with its default. */
public final class TrimtabSettings {

    public static final Setting<String> NAME = Setting.of("name", "trimtab",
            raw -> ObjectNames.requireLegalName("runtime", raw),
            "Name of this runtime: the name key of its Runtime MBean and the prefix of its threads.");

    public static final Setting<String> JMX_DOMAIN = Setting.of("jmx.domain", "io.trimtab",
            ObjectNames::requireLegalDomain,
            "JMX domain of Trimtab's MBeans; metrics go to <jmx.domain>.metrics. Two runtimes in one JVM need two domains.");

    public static final Setting<Path> DATA_DIR = Setting.path("dataDir", "data",
            "Directory where Trimtab and the demo keep their files, created if missing.");

    public static final Setting<Boolean> JOLOKIA_ENABLED = Setting.bool("jolokia.enabled", true,
            "Whether the embedded Jolokia agent serves JMX over HTTP-JSON.");

    public static final Setting<InetAddress> JOLOKIA_HOST = Setting.host("jolokia.host", "127.0.0.1",
            "Address the Jolokia agent binds to. Any non-loopback address requires jolokia.user and jolokia.password.");

    public static final Setting<Integer> JOLOKIA_PORT = Setting.integer("jolokia.port", 8778, 0, 65535,
            "TCP port of the Jolokia agent; 0 picks any free port.");

    public static final Setting<String> JOLOKIA_USER = Setting.text("jolokia.user", null,
            "User for HTTP basic authentication at the Jolokia agent; unset means no authentication.");

    public static final Setting<String> JOLOKIA_PASSWORD = Setting.secret("jolokia.password",
            "Password for HTTP basic authentication at the Jolokia agent. Never logged or shown.");

    public static final Setting<Path> JOLOKIA_POLICY = Setting.path("jolokia.policy", null,
            "A Jolokia access policy file of your own instead of Trimtab's default; ${trimtab.domain} in it is replaced by jmx.domain.");

    public static final Setting<List<String>> JOLOKIA_CORS_ORIGINS = Setting.of("jolokia.corsOrigins", "",
            CorsOrigins::parse,
            "Comma-separated browser origins (https://host[:port]) allowed to call the Jolokia agent; any other origin is refused.");

    public static final Setting<Path> JOLOKIA_KEYSTORE = Setting.path("jolokia.keystore", null,
            "A PKCS12 or JKS keystore holding the agent's key and certificate; when set the agent speaks HTTPS only.");

    public static final Setting<String> JOLOKIA_KEYSTORE_PASSWORD = Setting.secret("jolokia.keystorePassword",
            "Password of jolokia.keystore and of the key in it. Never logged or shown.");

    public static final Setting<Duration> JOBS_SHUTDOWN_TIMEOUT = Setting.of("jobs.shutdownTimeout", "10s",
            raw -> Durations.parse(raw, Duration.ZERO, Duration.ofMinutes(10)),
            "How long close() waits for a running job before interrupting it (and then waits as long again), 0ms to 10m.");

    public static final List<Setting<?>> ALL = List.of(
            NAME, JMX_DOMAIN, DATA_DIR, JOLOKIA_ENABLED, JOLOKIA_HOST, JOLOKIA_PORT, JOLOKIA_USER, JOLOKIA_PASSWORD,
            JOLOKIA_POLICY, JOLOKIA_CORS_ORIGINS, JOLOKIA_KEYSTORE, JOLOKIA_KEYSTORE_PASSWORD, JOBS_SHUTDOWN_TIMEOUT);

    private TrimtabSettings() {
    }

    static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
