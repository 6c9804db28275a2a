package io.trimtab.jolokia;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;

/**
 * Jolokia's {@link PolicyRestrictor} over an {@link AccessPolicy}, remembering its answers to attribute
 * reads. A read of a whole bean asks about every attribute, and Jolokia matches each against every pattern of the
 * policy: about a tenth of a bulk read of Trimtab's beans. The answer depends on the policy alone, which does not
 * change while the agent runs. About {@link #MAX_REMEMBERED} answers at most are kept, so that requests naming beans
 * without end cannot grow the memory; past that the policy answers uncached.
 */
public final class CachedPolicyRestrictor implements Restrictor {

    static final int MAX_REMEMBERED = 20_000;

    private final PolicyRestrictor policy;
    /** Bean, then attribute: the answers of one bean's read are found with one lookup of the bean. */
    private final ConcurrentMap<ObjectName, ConcurrentMap<String, Boolean>> reads = new ConcurrentHashMap<>();
    private final AtomicInteger remembered = new AtomicInteger();

    CachedPolicyRestrictor(PolicyRestrictor policy) {
        this.policy = policy;
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        if (attribute == null) {
            return policy.isAttributeReadAllowed(name, null);
        }
        ConcurrentMap<String, Boolean> ofBean = reads.get(name);
        Boolean known = ofBean == null ? null : ofBean.get(attribute);
        if (known != null) {
            return known;
        }
        boolean allowed = policy.isAttributeReadAllowed(name, attribute);
        if (remembered.get() < MAX_REMEMBERED
                && reads.computeIfAbsent(name, bean -> new ConcurrentHashMap<>()).putIfAbsent(attribute, allowed) == null) {
            remembered.incrementAndGet();
        }
        return allowed;
    }

    /** How many answers are remembered. */
    int remembered() {
        return remembered.get();
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        return policy.isHttpMethodAllowed(method);
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return policy.isTypeAllowed(type);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return policy.isAttributeWriteAllowed(name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        return policy.isOperationAllowed(name, operation);
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        return policy.isRemoteAccessAllowed(hostOrAddress);
    }

    @Override
    public boolean isOriginAllowed(String origin, boolean onlyWhenStrictCheckingIsEnabled) {
        return policy.isOriginAllowed(origin, onlyWhenStrictCheckingIsEnabled);
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return policy.isObjectNameHidden(name);
    }

    @Override
    public boolean ignoreScheme() {
        return policy.ignoreScheme();
    }
}
