package org.sscpbridge.sscp.codec;

import org.sscpbridge.sscp.message.LogQuote;

/** Building blocks for decode failure reasons that quote bytes of the datagram. */
final class Reasons {
    private Reasons() {
    }

    /** {@code value} quoted and shortened, control characters escaped: safe in a log line. */
    static String quote(String value) {
        return LogQuote.of(value);
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
