package org.sscpbridge.tools.decode;

import java.util.HexFormat;

/**
 * One datagram per line of hex text: white space and colons between digits are ignored (so
 * {@code xxd -p}, Wireshark's "copy as hex" and {@code 3c:3f:78} all work); blank lines and
 * lines starting with {@code #} are skipped.
 */
public final class HexLines {
    private HexLines() {
    }

    /** The bytes of one line, or null for a blank or comment line. */
    public static byte[] parse(String line) {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return null;
        }
        String digits = trimmed.replaceAll("[\\s:]", "");
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        if (digits.length() % 2 != 0 || !digits.matches("[0-9A-Fa-f]*")) {
            throw new IllegalArgumentException("not an even number of hex digits");
        }
        return HexFormat.of().parseHex(digits);
    }
}
