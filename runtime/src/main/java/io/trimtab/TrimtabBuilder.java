package io.trimtab;

import io.trimtab.config.Setting;
import io.trimtab.config.TrimtabConfig;
import io.trimtab.config.TrimtabSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configures and starts a {@link Trimtab} runtime. What is set here is overridden by the config file and by
 * {@code trimtab.<key>} system properties; everything is validated by {@link #start()}.
 */
public final class TrimtabBuilder {

    private final Map<String, String> values = new LinkedHashMap<>();
    private Path configFile;

    TrimtabBuilder() {
    }

    /** Name of the runtime: the {@code name} key of its Runtime MBean. Default {@code trimtab}. */
    public TrimtabBuilder name(String name) {
        return set(TrimtabSettings.NAME, name);
    }

    /** JMX domain of Trimtab's MBeans. Default {@code io.trimtab}. */
    public TrimtabBuilder jmxDomain(String domain) {
        return set(TrimtabSettings.JMX_DOMAIN, domain);
    }

    /** Directory for Trimtab's files. Default {@code ./data}. */
    public TrimtabBuilder dataDir(Path dataDir) {
        return set(TrimtabSettings.DATA_DIR, dataDir.toString());
    }

    /** Whether to start the embedded Jolokia agent. Default {@code true}. */
    public TrimtabBuilder jolokiaEnabled(boolean enabled) {
        return set(TrimtabSettings.JOLOKIA_ENABLED, Boolean.toString(enabled));
    }

    /** Address the Jolokia agent binds to. Default {@code 127.0.0.1}. */
    public TrimtabBuilder jolokiaHost(String host) {
        return set(TrimtabSettings.JOLOKIA_HOST, host);
    }

    /** Port of the Jolokia agent, {@code 0} for any free port. Default {@code 8778}. */
    public TrimtabBuilder jolokiaPort(int port) {
        return set(TrimtabSettings.JOLOKIA_PORT, Integer.toString(port));
    }

    /** Requires HTTP basic authentication with these credentials at the Jolokia agent. */
    public TrimtabBuilder jolokiaCredentials(String user, String password) {
        set(TrimtabSettings.JOLOKIA_USER, user);
        return set(TrimtabSettings.JOLOKIA_PASSWORD, password);
    }

    /**
     * Uses this Jolokia access policy file instead of Trimtab's default; {@code ${trimtab.domain}} in it
     * stands for the runtime's JMX domain. A missing or malformed file fails {@link #start()}.
     */
    public TrimtabBuilder jolokiaPolicy(Path policyFile) {
        return set(TrimtabSettings.JOLOKIA_POLICY, policyFile.toString());
    }

    /** Browser origins ({@code https://host[:port]}) allowed to call the Jolokia agent. Default none. */
    public TrimtabBuilder jolokiaCorsOrigins(String... origins) {
        return set(TrimtabSettings.JOLOKIA_CORS_ORIGINS, String.join(",", origins));
    }

    /** Serves Jolokia over HTTPS only, with the key and certificate in this PKCS12 or JKS keystore. */
    public TrimtabBuilder jolokiaKeystore(Path keystore, String password) {
        set(TrimtabSettings.JOLOKIA_KEYSTORE, keystore.toString());
        return set(TrimtabSettings.JOLOKIA_KEYSTORE_PASSWORD, password);
    }

    /** How long {@code close()} waits for a running job before interrupting it. Default {@code 10s}. */
    public TrimtabBuilder jobsShutdownTimeout(Duration timeout) {
        return set(TrimtabSettings.JOBS_SHUTDOWN_TIMEOUT, timeout.toMillis() + "ms");
    }

    /**
     * Joins a fleet: fleet jobs ({@code jobs().registerFleet}) run on a clustered Quartz scheduler over this
     * PostgreSQL database, each fire on one instance. The password is never logged or shown.
     */
    public TrimtabBuilder jobsCluster(String jdbcUrl, String user, String password) {
        set(TrimtabSettings.JOBS_CLUSTER_JDBC_URL, jdbcUrl);
        set(TrimtabSettings.JOBS_CLUSTER_USER, user);
        return set(TrimtabSettings.JOBS_CLUSTER_PASSWORD, password);
    }

    /**
     * Shares the clustered tiers of caches on this Terracotta server, {@code terracotta://host:9410/entity}:
     * {@link #start()} connects, and caches whose spec asks for a clustered tier keep it there.
     */
    public TrimtabBuilder cachesCluster(String uri) {
        return set(TrimtabSettings.CACHES_CLUSTER_URI, uri);
    }

    /**
     * Any configuration key by name, as it would appear in the config file ({@code optimizer.mode},
     * {@code jobs.sampling}, ...); checked by {@link #start()} like every other source.
     */
    public TrimtabBuilder setting(String key, String value) {
        values.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
        return this;
    }

    /** Whether SQLite databases may use profiles that can lose committed transactions on a power loss. Default {@code false}. */
    public TrimtabBuilder sqliteAllowUnsafeProfiles(boolean allow) {
        return set(TrimtabSettings.SQLITE_ALLOW_UNSAFE_PROFILES, Boolean.toString(allow));
    }

    /** Page cache of each SQLite connection in KiB, 256 to 1048576. Default {@code 16384}. */
    public TrimtabBuilder sqliteCacheSizeKib(int cacheSizeKib) {
        return set(TrimtabSettings.SQLITE_CACHE_SIZE_KIB, Integer.toString(cacheSizeKib));
    }

    /** A Java properties file whose keys ({@code jolokia.port=8778}, ...) override what the builder set. */
    public TrimtabBuilder config(Path file) {
        this.configFile = Objects.requireNonNull(file, "config file");
        return this;
    }

    /**
     * Resolves the configuration and starts the runtime.
     *
     * @throws IllegalArgumentException on an unknown key or a malformed value, naming both
     * @throws IllegalStateException    when the runtime cannot start (port in use, JMX domain taken, ...);
     *                                  whatever had started is closed again
     */
    public Trimtab start() {
        return Trimtab.start(TrimtabConfig.resolve(values, configFile, System.getProperties()));
    }

    private TrimtabBuilder set(Setting<?> setting, String value) {
        values.put(setting.key(), Objects.requireNonNull(value, setting.key()));
        return this;
    }
}
