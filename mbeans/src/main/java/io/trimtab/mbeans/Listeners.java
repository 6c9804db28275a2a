package io.trimtab.mbeans;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one registry of managed resources. Each is told in turn; one that throws is logged and the
 * others are still told, so that a listener can never break the opening or closing of a resource.
 *
 * @param <L> the registry's listener type
 */
public final class Listeners<L> {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final String kind;
    private final List<L> listeners = new CopyOnWriteArrayList<>();

    /** Listeners of resources of one kind, e.g. {@code "Cache"}: the word that starts their log lines. */
    public Listeners(String kind) {
        this.kind = kind;
    }

    public void add(L listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops telling {@code listener}; a listener not added is ignored. */
    public void remove(L listener) {
        listeners.remove(listener);
    }

    /** Tells every listener of {@code event} on the resource {@code name}. */
    public void fire(String event, String name, Consumer<? super L> call) {
        listeners.forEach(listener -> tell(listener, event, name, call));
    }

    /** Tells one listener of {@code event} on the resource {@code name}. */
    public void tell(L listener, String event, String name, Consumer<? super L> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("{} '{}' {}: listener {} failed: {}", kind, name, event, listener, e.toString());
        }
    }
}
