package org.sscpbridge.sscp.codec;

import static org.sscpbridge.sscp.codec.DecodeLimits.MALFORMED;
import static org.sscpbridge.sscp.codec.DecodeLimits.TOO_LARGE;

import java.nio.charset.Charset;
import java.util.Objects;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.SscpMessage;

/**
 * Bytes ⇄ SSCP frames (SPEC §1–2). Thread-safe and meant to be shared: build one and reuse it
 * for every socket and thread (the XML factories inside are built once).
 *
 * <p>Decoding: size check (413), seed-dialect repair (a datagram in another ASCII-compatible
 * charset, named by its XML declaration, is read in that charset), hardened XML parse into an
 * {@link XmlElement} tree, root checks, then the message body. Every failure is an
 * {@link SscpDecodeException}; once the root has been read it carries the message type (when
 * known) and the seq (when valid), so an Error can echo the seq.
 *
 * <p>Encoding: well-formed UTF-8 XML (or the phone's display charset, see
 * {@link DisplayEncoding}) with declaration and double-quoted attributes; the root
 * carries {@code name} and, when the frame has one, {@code seq}. For every message m,
 * {@code decode(m.type().sender(), encode(frame(m)))} gives back an equal frame.
 */
public final class SscpCodec implements FrameCodec {
    /** Largest datagram accepted (SPEC §1). */
    public static final int MAX_DATAGRAM = DecodeLimits.MAX_DATAGRAM_BYTES;
    /** The only protocol version this codec speaks; the root's {@code version} defaults to it. */
    public static final int VERSION = 1;

    static final String ROOT = "SSCP";

    private final HardenedXmlParser parser = new HardenedXmlParser();

    /** Decodes one datagram sent by {@code sender}. */
    public Frame decode(Direction sender, byte[] data, int offset, int length) throws SscpDecodeException {
        Objects.requireNonNull(sender, "sender");
        return toFrame(sender, decodeTree(data, offset, length));
    }

    /**
     * Decodes one datagram sent by {@code sender}, reading it in {@code undeclared} when it has no
     * XML declaration naming its encoding (the registered phone's display charset; docs/PROTOCOL.md §6.9).
     */
    @Override
    public Frame decode(Direction sender, byte[] data, int offset, int length, Charset undeclared)
            throws SscpDecodeException {
        Objects.requireNonNull(sender, "sender");
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > MAX_DATAGRAM) {
            throw new SscpDecodeException(TOO_LARGE, "datagram of " + length + " bytes exceeds " + MAX_DATAGRAM);
        }
        return toFrame(sender, parser.parse(SeedDialectRepair.repair(data, offset, length, undeclared)));
    }

    /** Decodes a whole array as one datagram sent by {@code sender}. */
    public Frame decode(Direction sender, byte[] data) throws SscpDecodeException {
        return decode(sender, data, 0, data.length);
    }

    /**
     * The datagram as a generic element tree (root included), after the seed-dialect repair and
     * the hardened parse, before any message-level check. For tools and tests.
     */
    public XmlElement decodeTree(byte[] data, int offset, int length) throws SscpDecodeException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (length > MAX_DATAGRAM) {
            throw new SscpDecodeException(TOO_LARGE, "datagram of " + length + " bytes exceeds " + MAX_DATAGRAM);
        }
        return parser.parse(SeedDialectRepair.repair(data, offset, length));
    }

    /** Maps a parsed tree to a frame: root checks, then the body of the named message. */
    public Frame toFrame(Direction sender, XmlElement root) throws SscpDecodeException {
        if (!root.name().equals(ROOT)) {
            throw new SscpDecodeException(MALFORMED, "root element must be SSCP, not " + Reasons.quote(root.name()));
        }
        // Learn type and seq before judging either, so that every later failure can carry both.
        String name = root.attribute("name");
        MessageType type = name == null ? null : MessageType.byName(sender, name).orElse(null);
        long seq = readSeq(root, type);
        if (name == null) {
            throw new SscpDecodeException(MALFORMED, "missing attribute SSCP@name", null, seq);
        }
        if (type == null) {
            throw new SscpDecodeException(MALFORMED, "unknown message " + Reasons.quote(name), null, seq);
        }
        checkVersion(root, type, seq);
        try {
            return new Frame(MessageMapper.read(type, root), seq);
        } catch (MessageFormatException e) {
            throw new SscpDecodeException(MALFORMED, e.reason(), type, seq);
        }
    }

    /** {@code seq}: decimal 1..2^32-1 (SPEC §1); absent is {@link Frame#NO_SEQ}. */
    private static long readSeq(XmlElement root, MessageType type) throws SscpDecodeException {
        String text = root.attribute("seq");
        if (text == null) {
            return Frame.NO_SEQ;
        }
        long seq = Fields.parseDecimal(Fields.trim(text), 1, Frame.MAX_SEQ);
        if (seq < 0) {
            throw new SscpDecodeException(MALFORMED, "bad attribute SSCP@seq: " + Reasons.quote(text)
                    + " is not a decimal number in 1.." + Frame.MAX_SEQ, type, Frame.NO_SEQ);
        }
        return seq;
    }

    private static void checkVersion(XmlElement root, MessageType type, long seq) throws SscpDecodeException {
        String text = root.attribute("version");
        if (text != null && Fields.parseDecimal(Fields.trim(text), VERSION, VERSION) != VERSION) {
            throw new SscpDecodeException(MALFORMED, "unsupported version " + Reasons.quote(text), type, seq);
        }
    }

    /**
     * Encodes a frame as well-formed UTF-8 XML with declaration.
     *
     * @throws SscpEncodeException if the encoding would exceed one datagram (8 KiB)
     */
    public byte[] encode(Frame frame) {
        return encode(frame, DisplayEncoding.DEFAULT);
    }

    /**
     * Encodes a frame for a phone with display {@code encoding} (docs/PROTOCOL.md §6.9): Display
     * text and the CallState party name cut to its width, the whole datagram in its charset
     * (declaration naming it, unencodable characters as '?').
     *
     * @throws SscpEncodeException if the encoding would exceed one datagram (8 KiB)
     */
    @Override
    public byte[] encode(Frame frame, DisplayEncoding encoding) {
        SscpMessage message = encoding.fit(frame.message());
        String name = message.type().wireName();
        XmlOut out = new XmlOut(name, encoding.charset());
        out.start(ROOT).attr("name", name);
        if (frame.hasSeq()) {
            out.attr("seq", frame.seq());
        }
        MessageMapper.write(message, out);
        out.end();
        if (out.length() > MAX_DATAGRAM && encoding.isUtf8()) {
            throw out.tooLarge(); // other charsets: checked after re-encoding (EUC-KR is shorter)
        }
        return out.toBytes();
    }
}
