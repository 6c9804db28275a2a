package io.trimtab.mbeans;

import com.codahale.metrics.MetricRegistry;
import io.trimtab.mbeans.jmx.MBeanRegistrar;
import io.trimtab.mbeans.jmx.ObjectNames;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import javax.management.ObjectName;

/**
 * What every managed resource of one runtime shares: where its MBeans go, where its metrics go, where its
 * files go, and the clock it reads.
 *
 * @param domain    the runtime's JMX domain, e.g. {@code io.trimtab}
 * @param registrar registers MBeans and unregisters them when the runtime closes
 * @param metrics   the runtime's metric registry
 * @param dataDir   the runtime's absolute data directory
 * @param clock     the clock for timestamps and windows; tests may pass a fixed or stepping one
 */
public record ManagementContext(String domain, MBeanRegistrar registrar, MetricRegistry metrics, Path dataDir, Clock clock) {

    public ManagementContext {
        ObjectNames.requireLegalDomain(domain);
        Objects.requireNonNull(registrar, "registrar");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
    }

    /** {@code <domain>:type=<type>,name=<name>}. */
    public ObjectName objectName(String type, String name) {
        return ObjectNames.of(domain, type, name);
    }
}
