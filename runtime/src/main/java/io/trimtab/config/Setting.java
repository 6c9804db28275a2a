package io.trimtab.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One configuration key: its name, default, how its text is parsed and checked, and whether its value is
 * a secret that is never shown.
 *
 * @param <T> the type of the parsed value
 */
public final class Setting<T> {

    /** Parses a raw value or throws {@link IllegalArgumentException} saying what is wrong with it. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String raw);
    }

    private final String key;
    private final String defaultValue;
    private final Parser<T> parser;
    private final String description;
    private final boolean secret;
    private final UnaryOperator<String> shown;

    private Setting(String key, String defaultValue, Parser<T> parser, String description, boolean secret,
                    UnaryOperator<String> shown) {
        this.key = Objects.requireNonNull(key);
        this.defaultValue = defaultValue;
        this.parser = Objects.requireNonNull(parser);
        this.description = Objects.requireNonNull(description);
        this.secret = secret;
        this.shown = shown;
    }

    private Setting(String key, String defaultValue, Parser<T> parser, String description, boolean secret) {
        this(key, defaultValue, parser, description, secret, UnaryOperator.identity());
    }

    public static Setting<String> text(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, raw -> raw, description, false);
    }

    public static Setting<String> secret(String key, String description) {
        return new Setting<>(key, null, raw -> raw, description, true);
    }

    public static <T> Setting<T> of(String key, String defaultValue, Parser<T> parser, String description) {
        return new Setting<>(key, defaultValue, parser, description, false);
    }

    /** A setting whose value may hold a secret in part, such as a URL's password: {@code mask} hides that part. */
    public static <T> Setting<T> masked(String key, String defaultValue, Parser<T> parser, UnaryOperator<String> mask,
                                        String description) {
        return new Setting<>(key, defaultValue, parser, description, false, mask);
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue, String description) {
        return new Setting<>(key, Boolean.toString(defaultValue), Setting::parseBoolean, description, false);
    }

    public static Setting<Integer> integer(String key, int defaultValue, int min, int max, String description) {
        return new Setting<>(key, Integer.toString(defaultValue), raw -> parseInt(raw, min, max), description, false);
    }

    public static Setting<Path> path(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, Setting::parsePath, description, false);
    }

    public static Setting<InetAddress> host(String key, String defaultValue, String description) {
        return new Setting<>(key, defaultValue, Setting::parseHost, description, false);
    }

    public String key() {
        return key;
    }

    /** The default as text, or {@code null} when the setting is unset by default. */
    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    public boolean isSecret() {
        return secret;
    }

    T parse(String raw) {
        return parser.parse(raw);
    }

    /** How a value of this setting may be shown in a message, a log line or an MBean attribute. */
    String show(String raw) {
        if (raw == null) {
            return null;
        }
        return secret ? "<masked>" : shown.apply(raw);
    }

    @Override
    public String toString() {
        return key;
    }

    private static boolean parseBoolean(String raw) {
        switch (raw.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new IllegalArgumentException("must be true or false");
        }
    }

    private static int parseInt(String raw, int min, int max) {
        int value;
        try {
            value = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number between " + min + " and " + max);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("must be between " + min + " and " + max);
        }
        return value;
    }

    private static Path parsePath(String raw) {
        try {
            return Path.of(raw);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path: " + e.getReason());
        }
    }

    private static InetAddress parseHost(String raw) {
        try {
            return InetAddress.getByName(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("is not a known host or IP address");
        }
    }
}
