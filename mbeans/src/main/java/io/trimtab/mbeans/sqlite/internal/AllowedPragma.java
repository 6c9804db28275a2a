package io.trimtab.mbeans.sqlite.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig.Pragma;

/**
 * The pragmas Trimtab sets on every connection: how an operator's value is validated, how it is handed to the
 * driver, and what {@code PRAGMA <name>} must read back once it took effect. {@code journal_mode} comes from the
 * profile only; the others may also be set one by one.
 */
public enum AllowedPragma {

    JOURNAL_MODE(Pragma.JOURNAL_MODE, false),
    SYNCHRONOUS(Pragma.SYNCHRONOUS, true),
    BUSY_TIMEOUT(Pragma.BUSY_TIMEOUT, true),
    FOREIGN_KEYS(Pragma.FOREIGN_KEYS, true),
    TEMP_STORE(Pragma.TEMP_STORE, true),
    CACHE_SIZE(Pragma.CACHE_SIZE, true),
    JOURNAL_SIZE_LIMIT(Pragma.JOURNAL_SIZE_LIMIT, true),
    WAL_AUTOCHECKPOINT(Pragma.WAL_AUTOCHECKPOINT, true),
    MMAP_SIZE(Pragma.MMAP_SIZE, true);

    private static final List<String> SYNCHRONOUS_MODES = List.of("OFF", "NORMAL", "FULL", "EXTRA");
    private static final List<String> TEMP_STORES = List.of("DEFAULT", "FILE", "MEMORY");
    private static final long GIB = 1024L * 1024 * 1024;

    private final Pragma driverPragma;
    private final boolean settable;

    AllowedPragma(Pragma driverPragma, boolean settable) {
        this.driverPragma = driverPragma;
        this.settable = settable;
    }

    /** The pragma's SQL name, which is also the driver's connection property key. */
    public String sqlName() {
        return driverPragma.pragmaName;
    }

    /**
     * The allow-listed pragma an operator may set by this name.
     *
     * @throws IllegalArgumentException naming the value and the allow-list
     */
    public static AllowedPragma settable(String name) {
        for (AllowedPragma pragma : values()) {
            if (pragma.settable && pragma.sqlName().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return pragma;
            }
        }
        throw new IllegalArgumentException("pragma must be one of " + settableNames() + " but was '" + name + "'");
    }

    static String settableNames() {
        return Arrays.stream(values()).filter(p -> p.settable).map(AllowedPragma::sqlName)
                .collect(Collectors.joining(", "));
    }

    /**
     * The value in its canonical form.
     *
     * @throws IllegalArgumentException naming the pragma, the value and the limit
     */
    public String validate(String raw) {
        String value = raw == null ? "" : raw.trim().toUpperCase(Locale.ROOT);
        switch (this) {
            case JOURNAL_MODE:
                return oneOf(value, List.of("WAL"));
            case SYNCHRONOUS:
                return oneOf(value, SYNCHRONOUS_MODES);
            case TEMP_STORE:
                return oneOf(value, TEMP_STORES);
            case FOREIGN_KEYS:
                if (value.equals("ON") || value.equals("TRUE") || value.equals("1")) {
                    return "ON";
                }
                if (value.equals("OFF") || value.equals("FALSE") || value.equals("0")) {
                    return "OFF";
                }
                throw new IllegalArgumentException("foreign_keys must be ON or OFF but was '" + raw + "'");
            case BUSY_TIMEOUT:
                return between(value, raw, 0, 600_000);
            case CACHE_SIZE:
                return between(value, raw, 256, 1_048_576);
            case JOURNAL_SIZE_LIMIT:
                return between(value, raw, -1, GIB);
            case WAL_AUTOCHECKPOINT:
                return between(value, raw, 0, 100_000);
            case MMAP_SIZE:
                return between(value, raw, 0, GIB);
            default:
                throw new AssertionError(this);
        }
    }

    /** The driver's connection property value for a canonical value. */
    String driverValue(String value) {
        switch (this) {
            case CACHE_SIZE:
                return "-" + value; // negative: KiB rather than pages
            case FOREIGN_KEYS:
                return value.equals("ON") ? "true" : "false";
            default:
                return value;
        }
    }

    /** What {@code PRAGMA <name>} answers once a canonical value is in effect. */
    String readBack(String value) {
        switch (this) {
            case JOURNAL_MODE:
                return value.toLowerCase(Locale.ROOT);
            case SYNCHRONOUS:
                return Integer.toString(SYNCHRONOUS_MODES.indexOf(value));
            case TEMP_STORE:
                return Integer.toString(TEMP_STORES.indexOf(value));
            case FOREIGN_KEYS:
                return value.equals("ON") ? "1" : "0";
            default:
                return driverValue(value);
        }
    }

    /** The name of a {@code PRAGMA synchronous} answer. */
    static String synchronousName(long readBack) {
        return readBack >= 0 && readBack < SYNCHRONOUS_MODES.size() ? SYNCHRONOUS_MODES.get((int) readBack)
                : Long.toString(readBack);
    }

    private String oneOf(String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(sqlName() + " must be one of " + String.join(", ", allowed)
                    + " but was '" + value + "'");
        }
        return value;
    }

    private String between(String value, String raw, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(sqlName() + " must be a whole number between " + min + " and " + max
                    + " but was '" + raw + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(sqlName() + " must be between " + min + " and " + max + " but was "
                    + parsed);
        }
        return Long.toString(parsed);
    }
}
