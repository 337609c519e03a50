package org.sscpbridge.sscp.codec;

import static org.sscpbridge.sscp.codec.DecodeLimits.MALFORMED;
import static org.sscpbridge.sscp.codec.DecodeLimits.MAX_ATTRIBUTES_PER_ELEMENT;
import static org.sscpbridge.sscp.codec.DecodeLimits.MAX_DEPTH;
import static org.sscpbridge.sscp.codec.DecodeLimits.MAX_ELEMENTS;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Rewrites a datagram in the seed dialect (SPEC §1) into well-formed XML for the real parser, in
 * one linear pass over the bytes:
 * <ul>
 *   <li>bytes before the first {@code <} (label line, BOM) are skipped;</li>
 *   <li>the XML declaration is checked (version 1.0, an encoding) and dropped: the parser is
 *       told UTF-8 explicitly. A datagram that declares another ASCII-compatible charset
 *       ({@link WireCharsets}, e.g. EUC-KR), or that has no declaration and comes from a phone
 *       whose display charset is another one, is first decoded strictly in that charset and
 *       re-encoded as UTF-8 (malformed bytes: refused);</li>
 *   <li>unquoted attribute values get quotes;</li>
 *   <li>every end tag closes the innermost open element, whatever name it carries;</li>
 *   <li>scanning stops where the root element ends: anything after it ({@code </xml>}) is dropped.</li>
 * </ul>
 *
 * <p>It never widens what reaches the parser: markup declarations ({@code <!DOCTYPE},
 * {@code <!ENTITY}, ...) and processing instructions are refused here already, so nothing
 * smuggled through the dialect can become a DTD; the bytes kept are checked to be valid UTF-8;
 * depth, element count and attributes per element are counted. Everything else (names, entity
 * references, characters) is left for the parser to judge.
 *
 * <p>All syntax characters are ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte
 * sequence, so scanning bytes is exact.
 */
final class SeedDialectRepair {
    private static final byte[] XML_DECLARATION = ascii("<?xml");
    private static final byte[] COMMENT_START = ascii("<!--");
    private static final byte[] COMMENT_END = ascii("-->");
    private static final byte[] CDATA_START = ascii("<![CDATA[");
    private static final byte[] CDATA_END = ascii("]]>");
    private static final byte[] DECLARATION_END = ascii("?>");

    private byte[] in;
    private int end;
    private int pos;
    /** How the datagram reads when it declares no encoding. */
    private final Charset undeclared;
    /** The encoding its declaration names; null without one. */
    private Charset declared;

    private byte[] out;
    private int outLength;

    /** Start offset and length (in {@link #in}) of each open element's name, innermost last. */
    private final int[] openNameStart = new int[MAX_DEPTH];
    private final int[] openNameLength = new int[MAX_DEPTH];
    private int depth;
    private int elements;

    private SeedDialectRepair(byte[] data, int offset, int length, Charset undeclared) {
        this.in = data;
        this.pos = offset;
        this.end = offset + length;
        this.out = new byte[length + 32];
        this.undeclared = undeclared;
    }

    /** Well-formed XML for {@code data[offset..offset+length)}, or the reason it cannot be. */
    static RepairedXml repair(byte[] data, int offset, int length) throws SscpDecodeException {
        return repair(data, offset, length, StandardCharsets.UTF_8);
    }

    /**
     * Well-formed UTF-8 XML for {@code data[offset..offset+length)}, read in the charset its
     * declaration names or, without one, in {@code undeclared}; or the reason it cannot be.
     */
    static RepairedXml repair(byte[] data, int offset, int length, Charset undeclared) throws SscpDecodeException {
        return new SeedDialectRepair(data, offset, length, undeclared == null ? StandardCharsets.UTF_8 : undeclared)
                .run();
    }

    private RepairedXml run() throws SscpDecodeException {
        pos = indexOf((byte) '<', pos);
        if (pos < 0) {
            throw malformed("no XML element in datagram");
        }
        if (startsWith(XML_DECLARATION, pos) && pos + 5 < end && (isSpace(in[pos + 5]) || in[pos + 5] == '?')) {
            declaration();
        }
        Charset charset = declared != null ? declared : undeclared;
        if (!charset.equals(StandardCharsets.UTF_8)) {
            transcode(charset);
        }
        boolean rootClosed = false;
        while (!rootClosed) {
            if (pos >= end) {
                throw malformed(elements == 0 ? "no root element" : "datagram ends inside element " + openName(depth - 1));
            }
            if (in[pos] != '<') {
                text();
                continue;
            }
            if (pos + 1 >= end) {
                throw malformed("datagram ends inside a tag");
            }
            byte next = in[pos + 1];
            if (next == '/') {
                rootClosed = endTag();
            } else if (next == '!') {
                markupDeclaration();
            } else if (next == '?') {
                throw malformed("processing instructions are refused");
            } else {
                rootClosed = startTag();
            }
        }
        return new RepairedXml(out, outLength);
    }

    /** {@code <?xml version="1.0" encoding="UTF-8" standalone="yes"?>}: checked, not copied; the encoding is remembered. */
    private void declaration() throws SscpDecodeException {
        int close = indexOf(DECLARATION_END, pos + XML_DECLARATION.length);
        if (close < 0) {
            throw malformed("unterminated XML declaration");
        }
        int i = pos + XML_DECLARATION.length;
        while (true) {
            while (i < close && isSpace(in[i])) {
                i++;
            }
            if (i >= close) {
                break;
            }
            int nameStart = i;
            while (i < close && in[i] != '=' && !isSpace(in[i])) {
                i++;
            }
            int nameEnd = i;
            while (i < close && isSpace(in[i])) {
                i++;
            }
            if (i >= close || in[i] != '=') {
                throw malformed("malformed XML declaration");
            }
            i++;
            while (i < close && isSpace(in[i])) {
                i++;
            }
            int valueStart;
            int valueEnd;
            if (i < close && (in[i] == '"' || in[i] == '\'')) {
                valueStart = i + 1;
                valueEnd = valueStart;
                while (valueEnd < close && in[valueEnd] != in[i]) {
                    valueEnd++;
                }
                if (valueEnd >= close) {
                    throw malformed("malformed XML declaration");
                }
                i = valueEnd + 1;
            } else {
                valueStart = i;
                while (i < close && !isSpace(in[i])) {
                    i++;
                }
                valueEnd = i;
            }
            checkDeclarationValue(nameStart, nameEnd, valueStart, valueEnd);
        }
        pos = close + DECLARATION_END.length;
    }

    /** Compares bytes rather than building strings: this runs for nearly every datagram. */
    private void checkDeclarationValue(int nameStart, int nameEnd, int valueStart, int valueEnd)
            throws SscpDecodeException {
        boolean ok;
        if (asciiEquals(nameStart, nameEnd, "version")) {
            ok = asciiEquals(valueStart, valueEnd, "1.0");
        } else if (asciiEquals(nameStart, nameEnd, "encoding")) {
            declared = asciiEqualsIgnoreCase(valueStart, valueEnd, "utf-8") || asciiEqualsIgnoreCase(valueStart, valueEnd, "utf8")
                    ? StandardCharsets.UTF_8 : declaredCharset(valueStart, valueEnd);
            ok = true;
        } else if (asciiEquals(nameStart, nameEnd, "standalone")) {
            ok = asciiEquals(valueStart, valueEnd, "yes") || asciiEquals(valueStart, valueEnd, "no");
        } else {
            throw malformed("malformed XML declaration");
        }
        if (!ok) {
            String name = new String(in, nameStart, nameEnd - nameStart, StandardCharsets.ISO_8859_1);
            String value = new String(in, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
            throw malformed("unsupported XML " + name + " " + Reasons.quote(value));
        }
    }

    /** The charset an encoding declaration names, if it may carry SSCP ({@link WireCharsets}). */
    private Charset declaredCharset(int valueStart, int valueEnd) throws SscpDecodeException {
        String value = new String(in, valueStart, valueEnd - valueStart, StandardCharsets.ISO_8859_1);
        if (value.length() > 40 || !value.matches("[A-Za-z][A-Za-z0-9._:-]*")) {
            throw malformed("encoding " + Reasons.quote(value) + " is not an encoding name");
        }
        try {
            return WireCharsets.forName(value);
        } catch (IllegalArgumentException e) {
            throw malformed("unsupported encoding: " + e.getMessage());
        }
    }

    /**
     * Replaces the rest of the input ({@code in[pos..end)}) by its UTF-8 form, decoding it
     * strictly in {@code charset}; the scan then goes on over the UTF-8 bytes. All markup is
     * ASCII in both, so nothing the scan judges changes.
     */
    private void transcode(Charset charset) throws SscpDecodeException {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(in, pos, end - pos)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("invalid " + charset.name());
        }
        in = text.getBytes(StandardCharsets.UTF_8);
        pos = 0;
        end = in.length;
    }

    private boolean asciiEquals(int from, int to, String expected) {
        if (to - from != expected.length()) {
            return false;
        }
        for (int k = 0; k < expected.length(); k++) {
            if (in[from + k] != expected.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean asciiEqualsIgnoreCase(int from, int to, String expectedLowerCase) {
        if (to - from != expectedLowerCase.length()) {
            return false;
        }
        for (int k = 0; k < expectedLowerCase.length(); k++) {
            int b = in[from + k];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != expectedLowerCase.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** Character data up to the next '<', copied as is (the parser resolves references). */
    private void text() throws SscpDecodeException {
        int next = indexOf((byte) '<', pos);
        int stop = next < 0 ? end : next;
        copy(pos, stop);
        pos = stop;
    }

    /** {@code <Name attr=value ...>} or {@code .../>}. Returns true if this closed the root. */
    private boolean startTag() throws SscpDecodeException {
        int nameStart = pos + 1;
        int i = nameStart;
        while (i < end && !endsName(in[i])) {
            i++;
        }
        if (i == nameStart || (i < end && !isSpace(in[i]) && in[i] != '>' && in[i] != '/')) {
            throw malformed("malformed start tag");
        }
        if (++elements > MAX_ELEMENTS) {
            throw malformed("more than " + MAX_ELEMENTS + " elements");
        }
        if (depth >= MAX_DEPTH) {
            throw malformed("elements nested deeper than " + MAX_DEPTH);
        }
        put((byte) '<');
        copy(nameStart, i);
        pos = i;
        int attributes = 0;
        while (true) {
            skipSpace();
            if (pos >= end) {
                throw malformed("datagram ends inside a start tag");
            }
            byte b = in[pos];
            if (b == '>') {
                put((byte) '>');
                pos++;
                openNameStart[depth] = nameStart;
                openNameLength[depth] = i - nameStart;
                depth++;
                return false;
            }
            if (b == '/') {
                if (pos + 1 < end && in[pos + 1] == '>') {
                    put((byte) '/');
                    put((byte) '>');
                    pos += 2;
                    return depth == 0;
                }
                throw malformed("malformed start tag");
            }
            if (++attributes > MAX_ATTRIBUTES_PER_ELEMENT) {
                throw malformed("more than " + MAX_ATTRIBUTES_PER_ELEMENT + " attributes on one element");
            }
            attribute();
        }
    }

    /** {@code name="v"}, {@code name='v'} or the seed's {@code name=v}: always written {@code name="v"}. */
    private void attribute() throws SscpDecodeException {
        int nameStart = pos;
        while (pos < end && !endsName(in[pos])) {
            pos++;
        }
        int nameEnd = pos;
        skipSpace();
        if (nameEnd == nameStart || pos >= end || in[pos] != '=') {
            throw malformed(pos >= end ? "datagram ends inside a start tag" : "malformed attribute (attributes need a value)");
        }
        pos++;
        skipSpace();
        if (pos >= end) {
            throw malformed("datagram ends inside a start tag");
        }
        put((byte) ' ');
        copy(nameStart, nameEnd);
        put((byte) '=');
        byte quote = in[pos];
        if (quote == '"' || quote == '\'') {
            int close = indexOf(quote, pos + 1);
            if (close < 0) {
                throw malformed("unterminated attribute value");
            }
            copy(pos, close + 1);
            pos = close + 1;
            return;
        }
        int valueStart = pos;
        while (pos < end && !isSpace(in[pos]) && in[pos] != '>' && !(in[pos] == '/' && pos + 1 < end && in[pos + 1] == '>')) {
            if (in[pos] == '<') {
                throw malformed("'<' in an unquoted attribute value");
            }
            pos++;
        }
        put((byte) '"');
        copyQuotingDoubleQuotes(valueStart, pos);
        put((byte) '"');
    }

    /** Any end tag closes the innermost open element. Returns true if this closed the root. */
    private boolean endTag() throws SscpDecodeException {
        int close = pos + 2;
        while (close < end && in[close] != '>') {
            if (in[close] == '<') {
                throw malformed("malformed end tag");
            }
            close++;
        }
        if (close >= end) {
            throw malformed("datagram ends inside an end tag");
        }
        if (depth == 0) {
            throw malformed("end tag without a start tag");
        }
        depth--;
        put((byte) '<');
        put((byte) '/');
        copyUnchecked(openNameStart[depth], openNameLength[depth]);
        put((byte) '>');
        pos = close + 1;
        return depth == 0;
    }

    /** Comments and CDATA sections pass; anything else after {@code <!} (DOCTYPE, ENTITY...) is refused. */
    private void markupDeclaration() throws SscpDecodeException {
        byte[] terminator;
        int bodyStart;
        if (startsWith(COMMENT_START, pos)) {
            terminator = COMMENT_END;
            bodyStart = pos + COMMENT_START.length;
        } else if (startsWith(CDATA_START, pos)) {
            if (depth == 0) {
                throw malformed("CDATA section outside the root element");
            }
            terminator = CDATA_END;
            bodyStart = pos + CDATA_START.length;
        } else {
            throw malformed("DTDs and markup declarations are refused");
        }
        int close = indexOf(terminator, bodyStart);
        if (close < 0) {
            throw malformed("unterminated comment or CDATA section");
        }
        copy(pos, close + terminator.length);
        pos = close + terminator.length;
    }

    private static boolean endsName(byte b) {
        return isSpace(b) || b == '>' || b == '/' || b == '=' || b == '<' || b == '"' || b == '\'';
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private void skipSpace() {
        while (pos < end && isSpace(in[pos])) {
            pos++;
        }
    }

    private String openName(int level) {
        return Reasons.quote(new String(in, openNameStart[level], openNameLength[level], StandardCharsets.UTF_8));
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < end; i++) {
            if (in[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(byte[] needle, int from) {
        int last = end - needle.length;
        for (int i = from; i <= last; i++) {
            if (startsWith(needle, i)) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(byte[] prefix, int at) {
        if (at + prefix.length > end) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (in[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private void put(byte b) {
        ensure(1);
        out[outLength++] = b;
    }

    /** Copies {@code in[from..to)} after checking that it is valid UTF-8. */
    private void copy(int from, int to) throws SscpDecodeException {
        Utf8.check(in, from, to);
        copyUnchecked(from, to - from);
    }

    private void copyUnchecked(int from, int length) {
        ensure(length);
        System.arraycopy(in, from, out, outLength, length);
        outLength += length;
    }

    private void copyQuotingDoubleQuotes(int from, int to) throws SscpDecodeException {
        Utf8.check(in, from, to);
        for (int i = from; i < to; i++) {
            if (in[i] == '"') {
                ensure(6);
                out[outLength++] = '&';
                out[outLength++] = 'q';
                out[outLength++] = 'u';
                out[outLength++] = 'o';
                out[outLength++] = 't';
                out[outLength++] = ';';
            } else {
                put(in[i]);
            }
        }
    }

    private void ensure(int more) {
        if (outLength + more > out.length) {
            byte[] bigger = new byte[Math.max(out.length * 2, outLength + more)];
            System.arraycopy(out, 0, bigger, 0, outLength);
            out = bigger;
        }
    }

    private static SscpDecodeException malformed(String reason) {
        return new SscpDecodeException(MALFORMED, reason);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
