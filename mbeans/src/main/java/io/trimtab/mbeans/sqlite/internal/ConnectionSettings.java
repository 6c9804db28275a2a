package io.trimtab.mbeans.sqlite.internal;

import io.trimtab.mbeans.sqlite.Profile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The pragmas every connection of one database gets: the profile's, then the operator's overrides. Immutable;
 * a change makes a new instance.
 *
 * @param profile      the profile
 * @param cacheSizeKib the runtime's page cache size per connection
 * @param overrides    pragmas set one by one on top of the profile, canonical values
 */
public record ConnectionSettings(Profile profile, int cacheSizeKib, Map<AllowedPragma, String> overrides) {

    /** Default busy timeout: long enough to ride out a checkpoint or a burst of writes. */
    static final String BUSY_TIMEOUT_MILLIS = "5000";
    /** The WAL file is truncated back to this size after a checkpoint resets it. */
    static final long JOURNAL_SIZE_LIMIT_BYTES = 64L * 1024 * 1024;

    public ConnectionSettings {
        overrides = overrides.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(overrides));
    }

    public static ConnectionSettings of(Profile profile, int cacheSizeKib) {
        return new ConnectionSettings(profile, cacheSizeKib, Map.of());
    }

    /** Every pragma with its canonical value, in the order the driver applies them. */
    public Map<AllowedPragma, String> values() {
        Map<AllowedPragma, String> values = new EnumMap<>(AllowedPragma.class);
        values.put(AllowedPragma.JOURNAL_MODE, "WAL");
        values.put(AllowedPragma.SYNCHRONOUS, profile.synchronous());
        values.put(AllowedPragma.BUSY_TIMEOUT, BUSY_TIMEOUT_MILLIS);
        values.put(AllowedPragma.FOREIGN_KEYS, "ON");
        values.put(AllowedPragma.TEMP_STORE, "MEMORY");
        values.put(AllowedPragma.CACHE_SIZE, Integer.toString(cacheSizeKib));
        values.put(AllowedPragma.JOURNAL_SIZE_LIMIT, Long.toString(JOURNAL_SIZE_LIMIT_BYTES));
        // Checkpoints run on the background checkpointer, never on a committing application thread.
        values.put(AllowedPragma.WAL_AUTOCHECKPOINT, "0");
        values.put(AllowedPragma.MMAP_SIZE, Long.toString(profile.mmapSizeBytes()));
        values.putAll(overrides);
        return values;
    }

    public ConnectionSettings withProfile(Profile newProfile) {
        return new ConnectionSettings(newProfile, cacheSizeKib, Map.of());
    }

    public ConnectionSettings withOverride(AllowedPragma pragma, String canonicalValue) {
        Map<AllowedPragma, String> changed = new EnumMap<>(AllowedPragma.class);
        changed.putAll(overrides);
        changed.put(pragma, canonicalValue);
        return new ConnectionSettings(profile, cacheSizeKib, changed);
    }

    /** The driver's connection properties: the pragmas, applied by sqlite-jdbc as it opens each connection. */
    public Properties driverProperties() {
        Properties properties = new Properties();
        values().forEach((pragma, value) -> properties.setProperty(pragma.sqlName(), pragma.driverValue(value)));
        return properties;
    }

    /** The overrides as {@code name=value}. */
    public List<String> describeOverrides() {
        List<String> described = new ArrayList<>();
        overrides.forEach((pragma, value) -> described.add(pragma.sqlName() + "=" + value));
        return described;
    }

    /** {@code name=value, ...} for every pragma. */
    public String describe() {
        List<String> described = new ArrayList<>();
        values().forEach((pragma, value) -> described.add(pragma.sqlName() + "=" + value));
        return profile.id() + ": " + String.join(", ", described);
    }

    /**
     * Reads every pragma back from {@code connection}.
     *
     * @throws SQLException naming each pragma that does not have the value these settings require
     */
    public void verify(Connection connection) throws SQLException {
        List<String> mismatches = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<AllowedPragma, String> entry : values().entrySet()) {
                AllowedPragma pragma = entry.getKey();
                String expected = pragma.readBack(entry.getValue());
                String actual;
                try (ResultSet rs = statement.executeQuery("PRAGMA " + pragma.sqlName())) {
                    actual = rs.next() ? rs.getString(1) : null;
                }
                if (!expected.equalsIgnoreCase(String.valueOf(actual))) {
                    mismatches.add(pragma.sqlName() + " is " + actual + " but must be " + expected);
                }
            }
        }
        if (!mismatches.isEmpty()) {
            throw new PragmaMismatchException("connection does not have the pragmas of profile " + profile.id() + ": "
                    + String.join("; ", mismatches));
        }
    }
}
