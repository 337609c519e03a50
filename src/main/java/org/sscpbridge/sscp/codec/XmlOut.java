package org.sscpbridge.sscp.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one SSCP datagram as well-formed UTF-8 XML (SPEC §1 "senders emit"): declaration,
 * double-quoted attributes, matching end tags, empty elements as {@code <X/>}, nothing after the
 * root. Escaping is chosen so that a parser returns exactly the string written: in attribute
 * values tab, LF and CR are character references (a parser would otherwise normalise them to
 * spaces), in text CR is (a parser would turn CR LF into LF).
 *
 * <p>Writes UTF-8 bytes directly (no intermediate String) and stops with
 * {@link SscpEncodeException} as soon as the output outgrows one datagram, so that an oversized
 * message never costs more than a few KiB. Element and attribute names are ASCII constants of
 * the codec. Not thread-safe: one instance per encode.
 *
 * <p>For a phone whose display charset is not UTF-8 (docs/PROTOCOL.md §6.9) the declaration names
 * that charset and {@link #toBytes} re-encodes the finished document: markup is ASCII and stays
 * as is, characters the charset cannot encode become '?'.
 */
final class XmlOut {
    static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";

    /** Worst case bytes per char: {@code &quot;}. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    private byte[] buf = new byte[256];
    private int length;
    private final String[] open = new String[DecodeLimits.MAX_DEPTH];
    private int depth;
    private boolean startTagOpen;
    private final String messageName;
    private final Charset charset;

    /** Starts a UTF-8 datagram for message {@code messageName} (named in the size error). */
    XmlOut(String messageName) {
        this(messageName, StandardCharsets.UTF_8);
    }

    /** Starts a datagram in {@code charset} (ASCII-compatible, see {@link WireCharsets}). */
    XmlOut(String messageName, Charset charset) {
        this.messageName = messageName;
        this.charset = charset;
        if (charset.equals(StandardCharsets.UTF_8)) {
            ascii(DECLARATION);
        } else {
            ascii("<?xml version=\"1.0\" encoding=\"" + charset.name() + "\"?>");
        }
    }

    XmlOut start(String name) {
        finishStartTag();
        put('<');
        ascii(name);
        open[depth++] = name;
        startTagOpen = true;
        return this;
    }

    /** Adds an attribute to the element just started; a null value writes nothing. */
    XmlOut attr(String name, String value) {
        if (value != null) {
            put(' ');
            ascii(name);
            put('=');
            put('"');
            escaped(value, true);
            put('"');
        }
        return this;
    }

    XmlOut attr(String name, long value) {
        put(' ');
        ascii(name);
        put('=');
        put('"');
        ascii(Long.toString(value));
        put('"');
        return this;
    }

    XmlOut attr(String name, Integer value) {
        return value == null ? this : attr(name, value.longValue());
    }

    XmlOut text(String text) {
        finishStartTag();
        escaped(text, false);
        return this;
    }

    XmlOut end() {
        String name = open[--depth];
        if (startTagOpen) {
            put('/');
            put('>');
            startTagOpen = false;
        } else {
            put('<');
            put('/');
            ascii(name);
            put('>');
        }
        return this;
    }

    byte[] toBytes() {
        if (depth != 0) {
            throw new IllegalStateException("unclosed element " + open[depth - 1]);
        }
        if (charset.equals(StandardCharsets.UTF_8)) {
            return Arrays.copyOf(buf, length);
        }
        return transcoded();
    }

    /** The UTF-8 document in {@link #charset}; unencodable characters as '?'. */
    private byte[] transcoded() {
        CharsetEncoder encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {'?'});
        try {
            ByteBuffer out = encoder.encode(CharBuffer.wrap(new String(buf, 0, length, StandardCharsets.UTF_8)));
            if (out.remaining() > SscpCodec.MAX_DATAGRAM) {
                throw tooLarge();
            }
            byte[] bytes = new byte[out.remaining()];
            out.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            // Unreachable: both actions are REPLACE.
            throw new IllegalStateException("encoding " + messageName + " as " + charset.name(), e);
        }
    }

    private void finishStartTag() {
        if (startTagOpen) {
            put('>');
            startTagOpen = false;
        }
    }

    private void put(char asciiChar) {
        ensure(1);
        buf[length++] = (byte) asciiChar;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) s.charAt(i);
        }
    }

    /** {@code s} as UTF-8 with XML escapes for an attribute value or for text. */
    private void escaped(String s, boolean attribute) {
        int n = s.length();
        ensure(n * MAX_BYTES_PER_CHAR);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '&' -> reference("&amp;");
                    case '<' -> reference("&lt;");
                    case '>' -> reference("&gt;");
                    case '"' -> {
                        if (attribute) {
                            reference("&quot;");
                        } else {
                            buf[length++] = '"';
                        }
                    }
                    case '\t' -> {
                        if (attribute) {
                            reference("&#9;");
                        } else {
                            buf[length++] = '\t';
                        }
                    }
                    case '\n' -> {
                        if (attribute) {
                            reference("&#10;");
                        } else {
                            buf[length++] = '\n';
                        }
                    }
                    case '\r' -> reference("&#13;");
                    default -> buf[length++] = (byte) c;
                }
            } else if (c < 0x800) {
                buf[length++] = (byte) (0xC0 | (c >> 6));
                buf[length++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[length++] = (byte) (0xF0 | (cp >> 18));
                buf[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[length++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // Unreachable for message records (they refuse unpaired surrogates); never emit
                // invalid UTF-8 all the same.
                reference("&#xFFFD;");
            } else {
                buf[length++] = (byte) (0xE0 | (c >> 12));
                buf[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[length++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** An escape sequence; room was reserved by {@link #escaped}. */
    private void reference(String ref) {
        for (int k = 0; k < ref.length(); k++) {
            buf[length++] = (byte) ref.charAt(k);
        }
    }

    private void ensure(int more) {
        int needed = length + more;
        if (needed <= buf.length) {
            return;
        }
        if (length > SscpCodec.MAX_DATAGRAM) {
            throw tooLarge();
        }
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, needed));
    }

    SscpEncodeException tooLarge() {
        return new SscpEncodeException(messageName + " encodes to more than the " + SscpCodec.MAX_DATAGRAM
                + " bytes of one datagram");
    }

    int length() {
        return length;
    }
}
