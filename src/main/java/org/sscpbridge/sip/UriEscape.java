package org.sscpbridge.sip;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Escaping of SIP URI header values (RFC 3261 §19.1.1 and §25.1: {@code hvalue = *( hnv-unreserved
 * / unreserved / escaped )}), for a Replaces carried in a Refer-To URI (RFC 3891 §7).
 */
final class UriEscape {
    private static final String UNRESERVED_MARKS = "-_.!~*'()";
    private static final String HNV_UNRESERVED = "[]/?:+$";

    private UriEscape() {
    }

    /** {@code abc@host;to-tag=1} becomes {@code abc%40host%3Bto-tag%3D1}. */
    static String escapeHeaderValue(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || UNRESERVED_MARKS.indexOf(c) >= 0
                    || HNV_UNRESERVED.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Undoes %XX escapes (a '+' stays a '+': this is not form encoding); bad escapes are kept as text. */
    static String unescape(String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = value.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%' && i + 2 < in.length && Character.digit(in[i + 1], 16) >= 0
                    && Character.digit(in[i + 2], 16) >= 0) {
                out.write(Character.digit(in[i + 1], 16) * 16 + Character.digit(in[i + 2], 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
