package io.trimtab.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.jobs.JobSchedule;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every attribute of every Trimtab MBean exports cleanly through jmx_exporter: none ends in a suffix Prometheus
 * reserves, which {@code lowercaseOutputName} or {@code attrNameSnakeCase} would turn into {@code _created},
 * {@code _total}, ... and so lose.
 */
class ExportableAttributeNamesTest {

    private static final List<String> RESERVED = List.of("Created", "Total", "Count", "Sum", "Bucket", "Info");

    @TempDir
    Path dataDir;

    @Test
    void noAttributeOfAnyTrimtabMBeanEndsInAReservedSuffix() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try (Trimtab trimtab = Trimtab.builder().name("names").jmxDomain("test.names").dataDir(dataDir)
                .jolokiaEnabled(false).start()) {
            Servers.populate(trimtab, dataDir);
            trimtab.jobs().register("own", JobSchedule.parse("1h"), context -> { });

            Set<String> types = new TreeSet<>();
            List<String> offending = new ArrayList<>();
            int attributes = 0;
            for (ObjectName name : server.queryNames(new ObjectName("test.names:*"), null)) {
                types.add(name.getKeyProperty("type"));
                for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                    attributes++;
                    if (RESERVED.stream().anyMatch(suffix -> attribute.getName().endsWith(suffix))) {
                        offending.add(name + " " + attribute.getName());
                    }
                }
            }

            assertEquals(Set.of("Cache", "ConnectionPool", "Database", "Job", "Optimizer", "Rule", "Runtime"), types);
            assertTrue(attributes > 100, attributes + " attributes");
            assertEquals(List.of(), offending);
        }
    }
}
