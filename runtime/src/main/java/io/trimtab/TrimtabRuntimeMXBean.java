package io.trimtab;

import io.trimtab.mbeans.jmx.Description;
import java.util.Map;

/** The runtime itself: {@code io.trimtab:type=Runtime,name=<name>}. Values are point-in-time. */
@Description("A Trimtab runtime embedded in this JVM: its identity, state, where it keeps its files and where Jolokia answers.")
public interface TrimtabRuntimeMXBean {

    @Description("Name of this runtime (the config key 'name').")
    String getName();

    @Description("Trimtab version.")
    String getVersion();

    @Description("When this runtime started, ISO-8601 UTC.")
    String getStartTime();

    @Description("Milliseconds since this runtime started.")
    long getUptimeMillis();

    @Description("Lifecycle state: STARTING, RUNNING, CLOSING or CLOSED.")
    String getState();

    @Description("Absolute path of the directory where Trimtab keeps its files.")
    String getDataDir();

    @Description("URL of the embedded Jolokia agent, or an empty string when it is disabled.")
    String getJolokiaUrl();

    @Description("The configuration in effect, key to value; secrets are masked.")
    Map<String, String> getSettings();
}
