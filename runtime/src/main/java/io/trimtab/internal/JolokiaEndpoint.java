package io.trimtab.internal;

import io.trimtab.config.TrimtabConfig;
import io.trimtab.config.TrimtabSettings;
import io.trimtab.http.FrontDoor;
import io.trimtab.jolokia.AccessPolicy;
import io.trimtab.jolokia.AgentSettings;
import io.trimtab.jolokia.Slf4jLogHandler;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.jolokia.server.core.config.Configuration;
import org.jolokia.server.core.http.AgentServlet;
import org.jolokia.core.api.LogHandler;
import org.jolokia.server.core.service.api.Restrictor;

/**
 * The embedded Jolokia agent of one runtime: Jolokia's own {@link AgentServlet} under {@code /jolokia} on the runtime's
 * {@link FrontDoor}, with the access policy as its restrictor and {@link JolokiaGuard} in front of it.
 */
public final class JolokiaEndpoint {

    private final AccessPolicy policy;
    private final Restrictor restrictor;

    private JolokiaEndpoint(AccessPolicy policy, Restrictor restrictor) {
        this.policy = policy;
        this.restrictor = restrictor;
    }

    /**
     * Mounts the agent of one runtime on its front door, which is not started yet.
     *
     * @throws IllegalArgumentException if the access policy cannot be used
     */
    public static JolokiaEndpoint mount(FrontDoor door, String runtimeName, String domain, TrimtabConfig config) {
        List<String> origins = config.get(TrimtabSettings.JOLOKIA_CORS_ORIGINS);
        Path userPolicy = config.get(TrimtabSettings.JOLOKIA_POLICY);
        AccessPolicy policy = userPolicy == null ? AccessPolicy.defaultFor(domain, origins)
                : AccessPolicy.fromFile(userPolicy, domain);
        Restrictor restrictor = policy.restrictor();
        Agent agent = new Agent(restrictor, AgentSettings.defaults("trimtab-" + runtimeName + "@" + domain));
        door.mount(AgentSettings.CONTEXT, agent,
                new JolokiaGuard(new NotificationLimits(restrictor, System::currentTimeMillis), agent));
        return new JolokiaEndpoint(policy, restrictor);
    }

    /** One line saying what the policy allows and denies, for the log. */
    public String summary() {
        return policy.summary();
    }

    /** The access policy as the agent enforces it, for other servlets that ask whether an operation is allowed. */
    public Restrictor restrictor() {
        return restrictor;
    }

    /** Jolokia's servlet with Trimtab's settings, logging through SLF4J. */
    private static final class Agent extends AgentServlet {
        private final Map<String, String> settings;

        Agent(Restrictor restrictor, Map<String, String> settings) {
            super(restrictor);
            this.settings = settings;
        }

        /** Jolokia reads its settings from the servlet's init parameters: these are Trimtab's. */
        @Override
        public void init(ServletConfig container) throws ServletException {
            super.init(new ServletConfig() {
                @Override
                public String getServletName() {
                    return container.getServletName();
                }

                @Override
                public ServletContext getServletContext() {
                    return container.getServletContext();
                }

                @Override
                public String getInitParameter(String name) {
                    return settings.get(name);
                }

                @Override
                public Enumeration<String> getInitParameterNames() {
                    return Collections.enumeration(settings.keySet());
                }
            });
        }

        @Override
        protected LogHandler createLogHandler(ServletConfig servletConfig, Configuration config) {
            return new Slf4jLogHandler();
        }
    }
}
