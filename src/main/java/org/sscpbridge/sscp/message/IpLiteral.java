package org.sscpbridge.sscp.message;

/**
 * Syntax check for IP address literals, written out rather than delegated to InetAddress, which
 * falls back to a DNS lookup for anything it does not recognise as a literal.
 */
final class IpLiteral {
    private IpLiteral() {
    }

    static boolean isValid(String text) {
        if (text == null || text.isEmpty() || text.length() > 45) {
            return false;
        }
        return text.indexOf(':') >= 0 ? isIpv6(text) : isIpv4(text, 0, text.length());
    }

    /** Dotted quad, four decimal parts 0..255 without leading zeros (which some read as octal). */
    static boolean isIpv4(String s, int from, int to) {
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int value = 0;
            while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
                value = value * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return false;
            }
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return false;
                }
                i++;
            }
        }
        return i == to;
    }

    /** RFC 4291 text form: eight hex groups, one "::" for a run of zeros, optional IPv4 tail. */
    static boolean isIpv6(String s) {
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups = 0;
        int i = 0;
        int n = s.length();
        if (doubleColon == 0) {
            i = 2;
            if (i == n) {
                return true; // "::"
            }
        }
        while (i < n) {
            int start = i;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 0x80 && i - start < 5) {
                i++;
            }
            if (i < n && s.charAt(i) == '.') {
                // IPv4 tail: must be last and counts as two groups.
                if (!isIpv4(s, start, n)) {
                    return false;
                }
                groups += 2;
                i = n;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            if (i == doubleColon) {
                i += 2;
                if (i == n) {
                    break;
                }
            } else {
                i++;
                if (i == n) {
                    return false; // trailing single colon
                }
            }
        }
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }
}
