package org.sscpbridge.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 192.0.2.0/24}; a bare address is /32 or /128. */
public record Cidr(byte[] network, int prefixLength) {

    public static Cidr parse(String text) throws IllegalArgumentException {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9A-Fa-f.:]+")) {
            // Only literals: a host name here would mean a DNS lookup on every configuration load.
            throw new IllegalArgumentException("'" + text + "' is not an IP network");
        }
        try {
            byte[] bytes = InetAddress.getByName(addr).getAddress();
            int max = bytes.length * 8;
            int prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + text + "': prefix outside 0.." + max);
            }
            return new Cidr(mask(bytes, prefix), prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP network", e);
        }
    }

    /**
     * The networks of a list separated by commas or blanks ({@code null}: none); each bad entry is
     * added to {@code problems} as "key: why".
     */
    public static List<Cidr> parseList(String text, String key, List<String> problems) {
        List<Cidr> networks = new ArrayList<>();
        if (text == null) {
            return networks;
        }
        for (String part : text.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                networks.add(parse(part));
            } catch (IllegalArgumentException e) {
                problems.add(key + ": " + e.getMessage());
            }
        }
        return networks;
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == network.length && Arrays.equals(mask(a, prefixLength), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xFF << (8 - bits)));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && prefixLength == c.prefixLength && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4 or 16 byte address is always valid", e);
        }
    }
}
