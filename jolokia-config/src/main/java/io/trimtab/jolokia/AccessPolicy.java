package io.trimtab.jolokia;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Trimtab's default Jolokia access policy: read, list, search, version and notifications everywhere except
 * the platform beans that attacks use; write and exec only on the runtime's own JMX domain.
 *
 * <p>The policy is rendered for one domain and handed to one agent explicitly; it is deliberately not at
 * the classpath root, where Jolokia would apply it to every agent in the JVM.
 */
public final class AccessPolicy {

    static final String TEMPLATE = "/io/trimtab/jolokia/jolokia-access.xml";
    private static final String DOMAIN_PLACEHOLDER = "${trimtab.domain}";
    private static final Pattern SAFE_DOMAIN = Pattern.compile("[A-Za-z0-9._-]+");

    private AccessPolicy() {
    }

    /** The default policy as XML, with write and exec allowed on {@code domain}. */
    public static String forDomain(String domain) {
        if (domain == null || !SAFE_DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("JMX domain '" + domain + "' cannot be put in an access policy");
        }
        return template().replace(DOMAIN_PLACEHOLDER, domain);
    }

    private static String template() {
        try (InputStream in = AccessPolicy.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the default access policy " + TEMPLATE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default access policy " + TEMPLATE, e);
        }
    }
}
