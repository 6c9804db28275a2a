package io.trimtab.jolokia;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.service.api.Restrictor;

/**
 * A Jolokia access policy for one runtime: Trimtab's default (read, list, search, version and notifications
 * everywhere except the platform beans that attacks use; write and exec only on the runtime's own JMX
 * domain) or a file of the user's own. Either is parsed by Jolokia's own {@link PolicyRestrictor} before the
 * agent starts, so that a broken policy fails the start instead of silently allowing or denying everything.
 *
 * <p>The policy is handed to one agent explicitly; it is deliberately not at the classpath root, where
 * Jolokia would apply it to every agent in the JVM.
 */
public final class AccessPolicy {

    static final String TEMPLATE = "/io/trimtab/jolokia/jolokia-access.xml";
    /** Replaced by the runtime's JMX domain, in the default policy and in a user's policy alike. */
    public static final String DOMAIN_PLACEHOLDER = "${trimtab.domain}";
    private static final String CORS_PLACEHOLDER = "${trimtab.cors}";
    private static final Pattern SAFE_DOMAIN = Pattern.compile("[A-Za-z0-9._-]+");

    private final String xml;
    private final String source;

    private AccessPolicy(String xml, String source) {
        this.xml = xml;
        this.source = source;
        validate();
    }

    /**
     * Trimtab's default policy for {@code domain}.
     *
     * @param corsOrigins the browser origins that get CORS headers, as checked by {@link CorsOrigins#parse}
     */
    public static AccessPolicy defaultFor(String domain, List<String> corsOrigins) {
        return new AccessPolicy(template().replace(DOMAIN_PLACEHOLDER, requireSafe(domain))
                .replace(CORS_PLACEHOLDER, corsEntries(corsOrigins)), "default");
    }

    /**
     * A user's policy file, with {@code ${trimtab.domain}} replaced by {@code domain}.
     *
     * @throws IllegalArgumentException if the file cannot be read or is not a policy Jolokia accepts
     */
    public static AccessPolicy fromFile(Path file, String domain) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("config jolokia.policy=" + file + " cannot be read: " + e, e);
        }
        return new AccessPolicy(text.replace(DOMAIN_PLACEHOLDER, requireSafe(domain)), file.toString());
    }

    /** The policy as Jolokia reads it. */
    public String xml() {
        return xml;
    }

    /** The policy as the agent enforces it: Jolokia's own restrictor over this policy, its answers to reads cached. */
    public Restrictor restrictor() {
        return new CachedPolicyRestrictor(parse());
    }

    /** {@code default} or the path of the user's file. */
    public String source() {
        return source;
    }

    /** One line saying what this policy allows and denies, for the log. */
    public String summary() {
        return PolicySummary.of(xml, source);
    }

    private void validate() {
        if (xml.isBlank()) {
            throw new IllegalArgumentException("Jolokia access policy " + source + " is empty");
        }
        try {
            parse();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Jolokia access policy " + source + " is not valid: " + e.getMessage(), e);
        }
    }

    private PolicyRestrictor parse() {
        return new PolicyRestrictor(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String requireSafe(String domain) {
        if (domain == null || !SAFE_DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("JMX domain '" + domain + "' cannot be put in an access policy");
        }
        return domain;
    }

    private static String corsEntries(List<String> origins) {
        if (origins.isEmpty()) {
            // Without any <allow-origin> Jolokia would answer every origin; this entry matches no browser's.
            return "    <!-- no origin configured -->\n    <allow-origin>none</allow-origin>";
        }
        StringBuilder entries = new StringBuilder();
        for (String origin : origins) {
            entries.append(entries.length() == 0 ? "" : "\n")
                    .append("    <allow-origin>").append(CorsOrigins.requireOrigin(origin)).append("</allow-origin>");
        }
        return entries.toString();
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
