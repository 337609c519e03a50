package org.sscpbridge.sscp.message;

/**
 * Makes text from elsewhere (a SIP display name, a status line's reason, a stored name) fit for a
 * message value: every character XML 1.0 cannot carry (control characters, lone surrogates,
 * U+FFFE/U+FFFF) becomes U+FFFD, and the text is cut to {@link WireLimits#MAX_VALUE_CHARS}. The
 * records refuse such values (so that every record is encodable); this is for the callers that
 * would rather show a replacement character than fail.
 */
public final class WireText {
    private static final char REPLACEMENT = '\uFFFD';

    private WireText() {
    }

    /** {@code value} fit for a message value; null stays null. */
    public static String fit(String value) {
        if (value == null || (value.length() <= WireLimits.MAX_VALUE_CHARS && Checks.isXmlText(value))) {
            return value;
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), WireLimits.MAX_VALUE_CHARS));
        for (int i = 0; i < value.length() && out.length() < WireLimits.MAX_VALUE_CHARS; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (out.length() + 2 > WireLimits.MAX_VALUE_CHARS) {
                    break; // never cut a pair in half
                }
                out.append(c).append(value.charAt(++i));
            } else {
                out.append(Checks.isXmlText(String.valueOf(c)) ? c : REPLACEMENT);
            }
        }
        return out.toString();
    }
}
