package org.sscpbridge.sip.sdp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** IP address literals as SDP writes them; never resolves a name. */
final class IpLiteral {
    private IpLiteral() {
    }

    /** {@code "IP4"} or {@code "IP6"} for a valid literal (brackets around IPv6 allowed), else empty. */
    static Optional<String> addressType(String text) {
        // By the text, not the parsed class: Java turns ::ffff:a.b.c.d into an Inet4Address.
        return parse(text).map(a -> strip(text).indexOf(':') >= 0 ? "IP6" : "IP4");
    }

    /** The literal without IPv6 brackets and with an SDP multicast suffix ({@code /ttl}) removed. */
    static String strip(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        if (s.length() >= 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** 0.0.0.0 or :: — the RFC 2543 way of saying "do not send to me". */
    static boolean isUnspecified(String text) {
        return parse(text).map(InetAddress::isAnyLocalAddress).orElse(false);
    }

    static Optional<InetAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String s = strip(text);
        if (s.isEmpty() || s.length() > 45) {
            return Optional.empty();
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
            if (!ok) {
                return Optional.empty(); // also refuses zone ids and anything a resolver would look up
            }
        }
        try {
            InetAddress address = InetAddress.getByName("[" + s + "]");
            return Optional.of(address);
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<InetAddress> ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) v;
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
