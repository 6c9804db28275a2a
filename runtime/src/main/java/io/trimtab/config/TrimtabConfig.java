package io.trimtab.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The settings of one runtime, resolved once at start and immutable after. Sources, each overriding the one
 * before: the defaults, the builder, the config file (Java properties), and system properties
 * {@code trimtab.<key>}. An unknown key or a malformed value fails the resolution with a message naming the
 * key, the value and where it came from.
 */
public final class TrimtabConfig {

    /** Prefix of the system properties that override configuration keys. */
    public static final String SYSTEM_PROPERTY_PREFIX = "trimtab.";

    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, String> raw;

    private TrimtabConfig(Map<Setting<?>, Object> values, Map<Setting<?>, String> raw) {
        this.values = values;
        this.raw = raw;
    }

    /**
     * Resolves the configuration.
     *
     * @param fromBuilder keys and raw values set in code
     * @param file        a properties file, or {@code null}
     * @param system      the system properties to consult for {@code trimtab.*} keys
     * @throws IllegalArgumentException on an unknown key, a malformed value, or an unreadable file
     * @throws IllegalStateException    on settings that are wrong together
     */
    public static TrimtabConfig resolve(Map<String, String> fromBuilder, Path file, Properties system) {
        Map<Setting<?>, String> raw = new LinkedHashMap<>();
        Map<Setting<?>, String> origin = new HashMap<>();
        for (Setting<?> setting : TrimtabSettings.ALL) {
            if (setting.defaultValue() != null) {
                raw.put(setting, setting.defaultValue());
                origin.put(setting, "default");
            }
        }
        apply(fromBuilder, "the builder", raw, origin);
        if (file != null) {
            apply(readProperties(file), "config file " + file, raw, origin);
        }
        Map<String, String> fromSystem = new LinkedHashMap<>();
        for (String name : system.stringPropertyNames()) {
            if (name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
                fromSystem.put(name.substring(SYSTEM_PROPERTY_PREFIX.length()), system.getProperty(name));
            }
        }
        apply(fromSystem, "system property " + SYSTEM_PROPERTY_PREFIX + "<key>", raw, origin);

        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        raw.forEach((setting, text) -> {
            try {
                values.put(setting, setting.parse(text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config " + setting.key() + "=" + setting.show(text)
                        + " (from " + origin.get(setting) + ") " + e.getMessage(), e);
            }
        });
        TrimtabConfig config = new TrimtabConfig(values, raw);
        config.checkCombinations();
        return config;
    }

    /** The value in effect, or {@code null} for an unset setting without default. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** Every set key with its value as text, secrets masked: what an operator may see. */
    public Map<String, String> describe() {
        return raw.entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().key(), e -> e.getKey().show(e.getValue()), (a, b) -> a, LinkedHashMap::new));
    }

    private void checkCombinations() {
        if (get(TrimtabSettings.JOBS_CLUSTER_JDBC_URL) == null) {
            for (Setting<?> fleet : List.of(TrimtabSettings.JOBS_CLUSTER_USER, TrimtabSettings.JOBS_CLUSTER_PASSWORD)) {
                if (get(fleet) != null) {
                    throw new IllegalStateException("config " + fleet.key() + " is set but "
                            + TrimtabSettings.JOBS_CLUSTER_JDBC_URL.key() + " is not: set the fleet database's URL too,"
                            + " or neither");
                }
            }
        }
        if (get(TrimtabSettings.CACHES_CLUSTER_URI) == null) {
            for (Setting<?> cluster : List.of(TrimtabSettings.CACHES_CLUSTER_DEFAULT_RESOURCE,
                    TrimtabSettings.CACHES_CLUSTER_SHARED_POOLS, TrimtabSettings.CACHES_CLUSTER_OPERATION_TIMEOUT,
                    TrimtabSettings.CACHES_CLUSTER_CONNECTION_TIMEOUT)) {
                if (!Objects.equals(raw.get(cluster), cluster.defaultValue())) {
                    throw new IllegalStateException("config " + cluster.key() + " is set but "
                            + TrimtabSettings.CACHES_CLUSTER_URI.key() + " is not: set the cluster's URI too, or neither");
                }
            }
        }
        boolean hasUser = get(TrimtabSettings.JOLOKIA_USER) != null;
        boolean hasPassword = get(TrimtabSettings.JOLOKIA_PASSWORD) != null;
        if (hasUser != hasPassword) {
            throw new IllegalStateException("config jolokia.user and jolokia.password go together: set both or neither");
        }
        if ((get(TrimtabSettings.JOLOKIA_KEYSTORE) == null) != (get(TrimtabSettings.JOLOKIA_KEYSTORE_PASSWORD) == null)) {
            throw new IllegalStateException("config jolokia.keystore and jolokia.keystorePassword go together: set both or neither");
        }
        if (get(TrimtabSettings.JOLOKIA_ENABLED) && !get(TrimtabSettings.JOLOKIA_HOST).isLoopbackAddress() && !hasUser) {
            throw new IllegalStateException("config jolokia.host=" + raw.get(TrimtabSettings.JOLOKIA_HOST)
                    + " is not a loopback address: Trimtab refuses to expose JMX over the network without"
                    + " authentication; set jolokia.user and jolokia.password, or bind to 127.0.0.1");
        }
        if (get(TrimtabSettings.JOLOKIA_ENABLED) && !get(TrimtabSettings.JOLOKIA_HOST).isLoopbackAddress()
                && get(TrimtabSettings.JOLOKIA_KEYSTORE) == null && !get(TrimtabSettings.JOLOKIA_ALLOW_PLAIN_HTTP)) {
            throw new IllegalStateException("config jolokia.host=" + raw.get(TrimtabSettings.JOLOKIA_HOST)
                    + " is not a loopback address and jolokia.keystore is not set: the password and every answer would"
                    + " cross the network in clear text; set jolokia.keystore and jolokia.keystorePassword, or"
                    + " jolokia.allowPlainHttp=true to accept that");
        }
    }

    private static void apply(Map<String, String> source, String where, Map<Setting<?>, String> raw,
                              Map<Setting<?>, String> origin) {
        source.forEach((key, value) -> {
            String from = where.replace("<key>", key);
            Setting<?> setting = TrimtabSettings.byKey(key).orElseThrow(() -> new IllegalArgumentException(
                    "unknown config key '" + key + "' (from " + from + "); known keys: "
                            + TrimtabSettings.ALL.stream().map(Setting::key).collect(Collectors.joining(", "))));
            raw.put(setting, value.trim());
            origin.put(setting, from);
        });
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            values.put(name, properties.getProperty(name));
        }
        return values;
    }
}
