package io.trimtab.jobs.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import org.quartz.spi.InstanceIdGenerator;

/**
 * Quartz's {@code instanceId=AUTO} for fleet schedulers: {@code <runtime>@<host>:<pid>-<start>}, which tells an
 * operator which server ran a job. Quartz's own generator (host name and milliseconds) would give two runtimes
 * of one JVM, started in the same millisecond, the same id. Quartz creates it and sets the runtime name.
 */
public final class FleetInstanceIds implements InstanceIdGenerator {

    /** Quartz's fired-trigger ids are the instance id and a 13-digit counter in a column of 95 characters. */
    static final int MAX_LENGTH = 80;
    private static final AtomicInteger STARTED = new AtomicInteger();

    private String runtimeName = "trimtab";

    /** Called by Quartz with {@code org.quartz.scheduler.instanceIdGenerator.runtimeName}. */
    public void setRuntimeName(String runtimeName) {
        this.runtimeName = runtimeName;
    }

    @Override
    public String generateInstanceId() {
        String suffix = "-" + Long.toString(System.currentTimeMillis(), 36) + "-" + STARTED.incrementAndGet();
        String id = runtimeName + "@" + host() + ":" + ProcessHandle.current().pid();
        return id.substring(0, Math.min(id.length(), MAX_LENGTH - suffix.length())) + suffix;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
