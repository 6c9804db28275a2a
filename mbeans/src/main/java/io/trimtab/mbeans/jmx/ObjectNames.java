package io.trimtab.mbeans.jmx;

import java.util.regex.Pattern;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Builds every Trimtab ObjectName, {@code <domain>:type=<Type>,name=<name>}, and decides what a legal
 * resource name is: letters, digits, {@code .}, {@code _} and {@code -}, so that a name never needs quoting
 * in an ObjectName, a Jolokia URL path or a metric name.
 */
public final class ObjectNames {

    private static final Pattern LEGAL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern LEGAL_DOMAIN = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");

    private ObjectNames() {
    }

    /**
     * Returns {@code name} if it is legal for a resource of the given kind.
     *
     * @throws IllegalArgumentException naming the kind and the value otherwise
     */
    public static String requireLegalName(String kind, String name) {
        if (name == null || !LEGAL_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(kind + " name '" + name + "' is not a legal ObjectName value: use 1 to 64"
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /**
     * Returns {@code domain} if it is a legal Trimtab JMX domain.
     *
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static String requireLegalDomain(String domain) {
        if (domain == null || !LEGAL_DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("JMX domain '" + domain + "' is not legal: use dot-separated words of"
                    + " letters, digits, '_' or '-', such as io.trimtab");
        }
        return domain;
    }

    /** {@code <domain>:type=<type>,name=<name>}, with the name checked by {@link #requireLegalName}. */
    public static ObjectName of(String domain, String type, String name) {
        requireLegalDomain(domain);
        requireLegalName(type, name);
        try {
            return new ObjectName(domain + ":type=" + type + ",name=" + name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** {@code <domain>:type=<type>,*}: every bean of one type in a domain. */
    public static ObjectName allOfType(String domain, String type) {
        try {
            return new ObjectName(requireLegalDomain(domain) + ":type=" + type + ",*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
