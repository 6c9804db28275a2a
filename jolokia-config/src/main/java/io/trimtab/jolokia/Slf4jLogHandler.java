package io.trimtab.jolokia;

import org.jolokia.core.api.LogHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the agent's log to SLF4J. Jolokia's informational chatter (its {@code I>} lines on stdout when
 * left alone) goes to debug; errors stay errors.
 */
public final class Slf4jLogHandler implements LogHandler {

    private static final Logger LOG = LoggerFactory.getLogger("io.trimtab.jolokia.agent");

    @Override
    public void debug(String message) {
        LOG.debug(message);
    }

    @Override
    public void info(String message) {
        LOG.debug(message);
    }

    @Override
    public void error(String message, Throwable t) {
        LOG.error(message, t);
    }

    @Override
    public boolean isDebug() {
        return LOG.isDebugEnabled();
    }
}
