package org.sscpbridge.sscp.message;

import java.util.List;
import java.util.Objects;

/**
 * Argument checks shared by the message records. A record that passes them is encodable: its
 * strings hold only characters XML 1.0 can carry and fit the wire limits ({@link WireLimits}).
 */
final class Checks {
    private Checks() {
    }

    static String text(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.length() > WireLimits.MAX_VALUE_CHARS) {
            throw new IllegalArgumentException(what + " longer than " + WireLimits.MAX_VALUE_CHARS + " chars");
        }
        if (!isXmlText(value)) {
            throw new IllegalArgumentException(what + " holds a character XML cannot carry");
        }
        return value;
    }

    static String optionalText(String value, String what) {
        return value == null ? null : text(value, what);
    }

    /** 1..64 printable ASCII characters without spaces (ids, codec names). */
    static String token(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > WireLimits.MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException(what + " must be 1.." + WireLimits.MAX_TOKEN_CHARS + " chars: " + quote(value));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                throw new IllegalArgumentException(what + " must be printable ASCII without spaces: " + quote(value));
            }
        }
        return value;
    }

    static String optionalToken(String value, String what) {
        return value == null ? null : token(value, what);
    }

    /** A number the bridge may dial: 1..64 of {@code 0-9 * # +}. */
    static String dialString(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty() || value.length() > WireLimits.MAX_DIAL_CHARS) {
            throw new IllegalArgumentException(what + " must be 1.." + WireLimits.MAX_DIAL_CHARS + " chars: " + quote(value));
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '*' && c != '#' && c != '+') {
                throw new IllegalArgumentException(what + " may hold only 0-9 * # +: " + quote(value));
            }
        }
        return value;
    }

    static int range(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ": " + value);
        }
        return value;
    }

    static Integer optionalRange(Integer value, int min, int max, String what) {
        return value == null ? null : range(value, min, max, what);
    }

    static <T> List<T> list(List<T> values, int max, String what) {
        Objects.requireNonNull(values, what);
        if (values.size() > max) {
            throw new IllegalArgumentException(what + ": at most " + max + " entries, got " + values.size());
        }
        return List.copyOf(values);
    }

    /** Whether every char is allowed by XML 1.0 (Char production) and surrogates come in pairs. */
    static boolean isXmlText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0xD800) {
                continue;
            }
            if (c == '\t' || c == '\n' || c == '\r' || (c >= 0xE000 && c <= 0xFFFD)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    /** A value for an exception message: quoted, shortened, control characters escaped. */
    static String quote(String value) {
        return value == null ? "null" : LogQuote.of(value);
    }
}
