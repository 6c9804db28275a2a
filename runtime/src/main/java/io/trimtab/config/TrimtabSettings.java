package io.trimtab.config;

import io.trimtab.mbeans.jmx.ObjectNames;
import io.trimtab.mbeans.sqlite.DatabaseDefaults;
import java.net.InetAddress;
import java.nio.file.Path;
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

    public static final Setting<Boolean> SQLITE_ALLOW_UNSAFE_PROFILES = Setting.bool("sqlite.allowUnsafeProfiles",
            false, "Whether SQLite databases may use profiles that can lose committed transactions on a power loss"
                    + " (fast-unsafe, synchronous=OFF).");

    public static final Setting<Integer> SQLITE_CACHE_SIZE_KIB = Setting.integer("sqlite.cacheSizeKib", 16_384,
            DatabaseDefaults.MIN_CACHE_SIZE_KIB, DatabaseDefaults.MAX_CACHE_SIZE_KIB,
            "Page cache of each SQLite connection in KiB.");

    public static final List<Setting<?>> ALL = List.of(
            NAME, JMX_DOMAIN, DATA_DIR, JOLOKIA_ENABLED, JOLOKIA_HOST, JOLOKIA_PORT, JOLOKIA_USER, JOLOKIA_PASSWORD,
            SQLITE_ALLOW_UNSAFE_PROFILES, SQLITE_CACHE_SIZE_KIB);

    private TrimtabSettings() {
    }

    static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
