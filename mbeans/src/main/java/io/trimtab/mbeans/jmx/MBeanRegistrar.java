package io.trimtab.mbeans.jmx;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a runtime's MBeans and unregisters them again, the last registered first, when closed. The one
 * place where Trimtab talks to the MBeanServer about registration.
 */
public final class MBeanRegistrar implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MBeanRegistrar.class);

    private final MBeanServer server;
    private final Set<ObjectName> registered = new LinkedHashSet<>();

    public MBeanRegistrar(MBeanServer server) {
        this.server = server;
    }

    public MBeanServer server() {
        return server;
    }

    /**
     * Registers {@code mbean} under {@code name}.
     *
     * @throws IllegalStateException if the name is already taken, by this runtime or anyone else
     */
    public ObjectName register(ObjectName name, Object mbean) {
        try {
            ObjectName actual = server.registerMBean(mbean, name).getObjectName();
            synchronized (registered) {
                registered.add(actual);
            }
            return actual;
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("an MBean named " + name + " is already registered", e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot register " + name + ": " + e.getMessage(), e);
        }
    }

    /** Unregisters one MBean this registrar registered; a name it does not know is ignored. */
    public void unregister(ObjectName name) {
        synchronized (registered) {
            if (!registered.remove(name)) {
                return;
            }
        }
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            LOG.debug("{} was already unregistered", name);
        } catch (JMException e) {
            LOG.warn("Failed to unregister {}: {}", name, e.getMessage());
        }
    }

    /** The names registered and not yet unregistered, in registration order. */
    public List<ObjectName> registeredNames() {
        synchronized (registered) {
            return List.copyOf(registered);
        }
    }

    @Override
    public void close() {
        List<ObjectName> names = new ArrayList<>(registeredNames());
        for (int i = names.size() - 1; i >= 0; i--) {
            unregister(names.get(i));
        }
    }
}
