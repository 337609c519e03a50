package org.sscpbridge.sscp.message;

/**
 * Text from the wire made safe for a log line or an Error reason: quoted, cut to 40 characters,
 * control and non-character code points escaped. Shared by the records' checks and the codec.
 */
public final class LogQuote {
    private static final int QUOTE_MAX = 40;

    private LogQuote() {
    }

    public static String of(String value) {
        StringBuilder sb = new StringBuilder(Math.min(value.length(), QUOTE_MAX) + 8).append('"');
        for (int i = 0; i < value.length() && i < QUOTE_MAX; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7F || Character.isSurrogate(c) || c > 0xFFFD) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (value.length() > QUOTE_MAX) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
