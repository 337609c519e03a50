package org.sscpbridge.sscp.message;

import java.util.Optional;

/**
 * An enumerated attribute value of SPEC §2: written in the spec's spelling, read back
 * case-insensitively (SPEC §1). Case folding is ASCII only, so that look-alikes such as the Kelvin
 * sign or a dotless i never match a value (String.equalsIgnoreCase would let them through).
 */
public interface WireEnum {

    /** The value exactly as the spec spells it on the wire. */
    String wireName();

    /** The constant of {@code values} whose wire name equals {@code text}, ignoring ASCII case. */
    static <E extends WireEnum> Optional<E> find(E[] values, String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (E value : values) {
            if (asciiEqualsIgnoreCase(value.wireName(), text)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code a} and {@code b} are equal when ASCII letters are folded to lower case. */
    static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && asciiLower(x) != asciiLower(y)) {
                return false;
            }
        }
        return true;
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
