package io.trimtab.mbeans.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.JMX;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class DescribedMXBeanTest {

    @Description("A counter to test descriptions.")
    public interface CounterMXBean {
        @Description("Current count.")
        long getCount();

        void setCount(long count);

        @Description("Adds to the count.")
        long add(@Description("How much to add.") long amount);
    }

    public interface UndescribedMXBean {
        long getCount();
    }

    @Description("Has an operation parameter without a description.")
    public interface HalfDescribedMXBean {
        @Description("Adds.")
        void add(long amount);
    }

    static final class Counter implements CounterMXBean {
        private long count;

        @Override
        public long getCount() {
            return count;
        }

        @Override
        public void setCount(long count) {
            this.count = count;
        }

        @Override
        public long add(long amount) {
            return count += amount;
        }
    }

    @Test
    void descriptionsAndParameterNamesReachTheMBeanInfo() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = ObjectNames.of("test.described", "Counter", "c1");
        MBeanRegistrar registrar = new MBeanRegistrar(server);
        registrar.register(name, new DescribedMXBean(new Counter(), CounterMXBean.class));
        try {
            MBeanInfo info = server.getMBeanInfo(name);
            assertEquals("A counter to test descriptions.", info.getDescription());
            MBeanAttributeInfo count = Arrays.stream(info.getAttributes()).filter(a -> a.getName().equals("Count")).findFirst().orElseThrow();
            assertEquals("Current count.", count.getDescription());
            assertTrue(count.isWritable());
            MBeanOperationInfo add = info.getOperations()[0];
            assertEquals("Adds to the count.", add.getDescription());
            MBeanParameterInfo amount = add.getSignature()[0];
            assertEquals("amount", amount.getName());
            assertEquals("How much to add.", amount.getDescription());

            CounterMXBean proxy = JMX.newMXBeanProxy(server, name, CounterMXBean.class);
            assertEquals(5, proxy.add(5));
        } finally {
            registrar.close();
        }
        assertTrue(!server.isRegistered(name));
    }

    @Test
    void anInterfaceWithoutDescriptionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DescribedMXBean(() -> 1L, UndescribedMXBean.class));
        assertTrue(e.getMessage().contains("UndescribedMXBean, getCount"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> new DescribedMXBean(amount -> { }, HalfDescribedMXBean.class));
        assertTrue(e.getMessage().endsWith("add(amount)"), e.getMessage());
    }

    @Test
    void registeringATakenNameSaysSo() {
        MBeanRegistrar registrar = new MBeanRegistrar(ManagementFactory.getPlatformMBeanServer());
        ObjectName name = ObjectNames.of("test.described", "Counter", "twice");
        registrar.register(name, new DescribedMXBean(new Counter(), CounterMXBean.class));
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> registrar.register(name, new DescribedMXBean(new Counter(), CounterMXBean.class)));
            assertEquals("an MBean named " + name + " is already registered", e.getMessage());
        } finally {
            registrar.close();
        }
    }
}
