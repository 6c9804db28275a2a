package io.trimtab.mbeans.optimizer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the managed resources of one runtime publish for the optimizer: {@link Signal}s (sampled into
 * windows), {@link Knob}s and {@link Operation}s. A resource publishes when it starts and calls
 * {@link #removeResource} when it closes. Rules see nothing else.
 */
public final class SignalRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(SignalRegistry.class);

    private final int windowSize;
    private final Map<String, SignalWindow> signals = new ConcurrentHashMap<>();
    private final Map<String, Knob> knobs = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final AtomicLong version = new AtomicLong();

    /** A registry whose windows keep the last {@code windowSize} samples of each signal. */
    public SignalRegistry(int windowSize) {
        if (windowSize < 2) {
            throw new IllegalArgumentException("windowSize must be at least 2 but was " + windowSize);
        }
        this.windowSize = windowSize;
    }

    /** @throws IllegalStateException if a signal of that name is already published */
    public void publish(Signal signal) {
        if (signals.putIfAbsent(signal.name(), new SignalWindow(signal, windowSize)) != null) {
            throw new IllegalStateException("a signal named " + signal.name() + " is already published");
        }
        version.incrementAndGet();
    }

    /** @throws IllegalStateException if a knob of that name is already published */
    public void publish(Knob knob) {
        if (knobs.putIfAbsent(knob.name(), knob) != null) {
            throw new IllegalStateException("a knob named " + knob.name() + " is already published");
        }
    }

    /** @throws IllegalStateException if an operation of that name is already published */
    public void publish(Operation operation) {
        if (operations.putIfAbsent(operation.name(), operation) != null) {
            throw new IllegalStateException("an operation named " + operation.name() + " is already published");
        }
    }

    /** Removes every signal, knob and operation of a resource, e.g. {@code cache.users}. */
    public void removeResource(String resource) {
        String prefix = resource + ".";
        signals.keySet().removeIf(name -> name.startsWith(prefix) && Signal.resourceOf(name).equals(resource));
        knobs.keySet().removeIf(name -> name.startsWith(prefix) && Signal.resourceOf(name).equals(resource));
        operations.keySet().removeIf(name -> name.startsWith(prefix) && Signal.resourceOf(name).equals(resource));
        version.incrementAndGet();
    }

    /**
     * A number that changes whenever a signal is published or a resource removed: whoever derives something from
     * the set of signals (which windows a rule binds to) recomputes it only when this has moved.
     */
    public long version() {
        return version.get();
    }

    /** Reads every signal once and appends the values stamped {@code timeMillis}; returns how many were read. */
    public int sample(long timeMillis) {
        int read = 0;
        for (SignalWindow window : signals.values()) {
            try {
                double value = window.signal().supplier().getAsDouble();
                if (!Double.isNaN(value)) {
                    window.append(timeMillis, value);
                    read++;
                }
            } catch (RuntimeException e) {
                LOG.debug("Signal {} could not be read: {}", window.signal().name(), e.toString());
            }
        }
        return read;
    }

    public Optional<SignalWindow> window(String signal) {
        return Optional.ofNullable(signals.get(signal));
    }

    public Collection<SignalWindow> windows() {
        return signals.values();
    }

    public Optional<Knob> knob(String name) {
        return Optional.ofNullable(knobs.get(name));
    }

    public Collection<Knob> knobs() {
        return knobs.values();
    }

    public Optional<Operation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    public List<String> signalNames() {
        return signals.keySet().stream().sorted().toList();
    }
}
