package io.trimtab.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a request's {@code Host} header may carry: loopback literals, {@code localhost}, the bound address (every
 * interface's address when bound to all of them) and the names the operator adds ({@code jolokia.allowedHosts}). A page
 * from a foreign name that resolves to this machine (DNS rebinding) sends its own name as Host and is refused, whatever
 * {@code Sec-Fetch-Site} says.
 */
public final class AllowedHosts {

    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile(LABEL + "(\\." + LABEL + ")*");
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "[0:0:0:0:0:0:0:1]");

    private final Set<String> names;

    AllowedHosts(InetAddress bound, List<String> added) {
        Set<String> all = new LinkedHashSet<>(LOOPBACK);
        if (bound.isAnyLocalAddress()) {
            all.addAll(interfaceAddresses());
        } else {
            all.add(literal(bound));
        }
        added.forEach(name -> all.add(name.toLowerCase(Locale.ROOT)));
        this.names = Set.copyOf(all);
    }

    /**
     * Parses a comma-separated list of host names, e.g. {@code ops.example.com, 10.0.0.5}.
     *
     * @throws IllegalArgumentException naming the first entry that is not a host name or an IP literal
     */
    public static List<String> parse(String raw) {
        List<String> hosts = new ArrayList<>();
        for (String part : raw.split(",")) {
            String host = part.trim();
            if (host.isEmpty()) {
                continue;
            }
            if (!HOST_NAME.matcher(host).matches() && !(host.startsWith("[") && host.endsWith("]") && host.length() > 2)) {
                throw new IllegalArgumentException("'" + host + "' is not a host name (no scheme, port or path)");
            }
            hosts.add(host.toLowerCase(Locale.ROOT));
        }
        return List.copyOf(hosts);
    }

    /**
     * Whether a Host header value ({@code name[:port]}) names this server; a missing Host (HTTP/1.0) is allowed, for it
     * cannot come from a browser.
     */
    boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return true;
        }
        String host = hostHeader.trim().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > host.lastIndexOf(']')) {
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (names.contains(host)) {
            return true;
        }
        String address = normalizedLiteral(host);
        return address != null && (names.contains(address) || address.startsWith("127."));
    }

    /** An IP literal in the form {@link #literal} gives, without a DNS lookup; null for a name. */
    private static String normalizedLiteral(String host) {
        boolean v6 = host.startsWith("[") && host.endsWith("]");
        if (!v6 && !host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        try {
            return literal(InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host));
        } catch (java.net.UnknownHostException notALiteral) {
            return null;
        }
    }

    /** The addresses of this machine's interfaces: what a client of an agent bound to every address may name. */
    private static List<String> interfaceAddresses() {
        List<String> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                Collections.list(nic.getInetAddresses()).forEach(address -> addresses.add(literal(address)));
            }
        } catch (SocketException e) {
            // No interface list: only loopback and the names added are allowed.
        }
        return addresses;
    }

    static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        if (scope >= 0) {
            text = text.substring(0, scope);
        }
        return address instanceof Inet6Address ? "[" + text + "]" : text;
    }

    @Override
    public String toString() {
        return String.join(", ", names);
    }
}
