package org.sscpbridge.sscp.codec;

import java.nio.charset.StandardCharsets;

/**
 * Writes one SSCP datagram as well-formed UTF-8 XML (SPEC §1 "senders emit"): declaration,
 * double-quoted attributes, matching end tags, empty elements as {@code <X/>}, nothing after the
 * root. Escaping is chosen so that a parser returns exactly the string written: in attribute
 * values tab, LF and CR are character references (a parser would otherwise normalise them to
 * spaces), in text CR is (a parser would turn CR LF into LF). Not thread-safe: one per encode.
 */
final class XmlOut {
    static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    private final StringBuilder sb = new StringBuilder(256);
    private final String[] open = new String[DecodeLimits.MAX_DEPTH];
    private int depth;
    private boolean startTagOpen;

    XmlOut() {
        sb.append(DECLARATION);
    }

    XmlOut start(String name) {
        finishStartTag();
        sb.append('<').append(name);
        open[depth++] = name;
        startTagOpen = true;
        return this;
    }

    /** Adds an attribute to the element just started; a null value writes nothing. */
    XmlOut attr(String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("=\"");
            escapeAttribute(value);
            sb.append('"');
        }
        return this;
    }

    XmlOut attr(String name, long value) {
        sb.append(' ').append(name).append("=\"").append(value).append('"');
        return this;
    }

    XmlOut attr(String name, Integer value) {
        return value == null ? this : attr(name, value.longValue());
    }

    XmlOut text(String text) {
        finishStartTag();
        escapeText(text);
        return this;
    }

    XmlOut end() {
        String name = open[--depth];
        if (startTagOpen) {
            sb.append("/>");
            startTagOpen = false;
        } else {
            sb.append("</").append(name).append('>');
        }
        return this;
    }

    byte[] toBytes() {
        if (depth != 0) {
            throw new IllegalStateException("unclosed element " + open[depth - 1]);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void finishStartTag() {
        if (startTagOpen) {
            sb.append('>');
            startTagOpen = false;
        }
    }

    private void escapeAttribute(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\t' -> sb.append("&#9;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
            }
        }
    }

    private void escapeText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                default -> sb.append(c);
            }
        }
    }
}
