package io.trimtab.internal;

import io.trimtab.TrimtabRuntimeMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/** The figures of the Runtime MBean. */
public final class RuntimeInfo implements TrimtabRuntimeMXBean {

    /** Lifecycle of a runtime. */
    public enum State { STARTING, RUNNING, CLOSING, CLOSED }

    public static final String VERSION = readVersion();

    private final String name;
    private final Instant startTime;
    private final String dataDir;
    private final Map<String, String> settings;
    private final Clock clock;
    private final Supplier<String> jolokiaUrl;
    private volatile State state = State.STARTING;

    public RuntimeInfo(String name, Clock clock, String dataDir, Map<String, String> settings, Supplier<String> jolokiaUrl) {
        this.name = name;
        this.clock = clock;
        this.startTime = clock.instant();
        this.dataDir = dataDir;
        this.settings = Map.copyOf(settings);
        this.jolokiaUrl = jolokiaUrl;
    }

    public void state(State state) {
        this.state = state;
    }

    public Instant startInstant() {
        return startTime;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getVersion() {
        return VERSION;
    }

    @Override
    public String getStartTime() {
        return startTime.toString();
    }

    @Override
    public long getUptimeMillis() {
        return clock.millis() - startTime.toEpochMilli();
    }

    @Override
    public String getState() {
        return state.name();
    }

    @Override
    public String getDataDir() {
        return dataDir;
    }

    @Override
    public String getJolokiaUrl() {
        return jolokiaUrl.get();
    }

    @Override
    public Map<String, String> getSettings() {
        return settings;
    }

    private static String readVersion() {
        try (InputStream in = RuntimeInfo.class.getResourceAsStream("/io/trimtab/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
