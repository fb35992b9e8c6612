package fr.dmp.ingest.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Answers only requests addressed to one of the console's own host names. A page an operator opens elsewhere can
 * point a name of its own at 127.0.0.1 (DNS rebinding) and then read the console as a same-origin site, cookies
 * aside: round 9's console attack found every Host accepted. The names are the loopback ones, the address the
 * console is bound to (with a wildcard bind: this machine's name and addresses), and those given with
 * {@code serve --allowed-host}; an IP address typed as such is always answered (no name to rebind); any other name
 * is answered 421 before any other filter, login page included.
 */
final class HostCheck extends OncePerRequestFilter {

    private final Set<String> allowed;

    HostCheck(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** The names a console bound to {@code bind} answers to by default, plus {@code extra} (comma separated). */
    static Set<String> allowedFor(String bind, String extra) {
        Set<String> names = new LinkedHashSet<>(Set.of("localhost", "127.0.0.1", "::1"));
        String address = bind == null ? "" : bind.trim();
        boolean wildcard = address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
        if (!wildcard) {
            names.add(normalised(address));
        } else {
            try {
                InetAddress self = InetAddress.getLocalHost();
                names.add(normalised(self.getHostName()));
                names.add(normalised(self.getCanonicalHostName()));
            } catch (UnknownHostException e) {
                // no name for this machine: its addresses below, and --allowed-host
            }
            try {
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        String text = a.getHostAddress();
                        int zone = text.indexOf('%');
                        names.add(normalised(zone < 0 ? text : text.substring(0, zone)));
                    }
                }
            } catch (SocketException e) {
                // no interface list: the loopback names and --allowed-host
            }
        }
        if (extra != null) {
            for (String name : extra.split(",")) {
                if (!name.isBlank()) {
                    names.add(normalised(name));
                }
            }
        }
        return names;
    }

    /** Lower case; an IPv6 address both with and without its brackets is the same name. */
    static String normalised(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1); // "localhost." is localhost
        }
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    boolean allows(String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return false;
        }
        String n = normalised(serverName);
        // an address typed as such cannot be rebound to another origin: only names are checked (as Jupyter does)
        return allowed.contains(n) || IPV4.matcher(n).matches() || IPV6.matcher(n).matches();
    }

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    private static final java.util.regex.Pattern IPV6 = java.util.regex.Pattern.compile("[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}(%[0-9a-z]+)?");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!allows(request.getServerName())) {
            // 421 Misdirected Request (RFC 9110 §15.5.20); the name sent is never echoed
            response.setStatus(421);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("This console does not answer to that host name (serve --allowed-host NAME).\n");
            return;
        }
        chain.doFilter(request, response);
    }
}
