package org.sscpbridge.sscp.codec;

/** Building blocks for decode failure reasons that quote bytes of the datagram. */
final class Reasons {
    private static final int QUOTE_MAX = 40;

    private Reasons() {
    }

    /** {@code value} quoted and shortened, control characters escaped: safe in a log line. */
    static String quote(String value) {
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

    /** The first line of a parser's message, without Woodstox's location suffix noise. */
    static String parserMessage(String message) {
        if (message == null) {
            return "unreadable XML";
        }
        int nl = message.indexOf('\n');
        String line = (nl >= 0 ? message.substring(0, nl) : message).trim();
        return line.isEmpty() ? "unreadable XML" : line;
    }
}
