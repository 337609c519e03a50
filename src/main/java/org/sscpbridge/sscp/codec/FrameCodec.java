package org.sscpbridge.sscp.codec;

import java.nio.charset.Charset;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;

/**
 * Bytes ⇄ frames, as the transport needs them. The seam exists so that transport tests can plug
 * in a tiny fake codec; production uses {@link org.sscpbridge.sscp.codec.SscpCodec}.
 *
 * <p>Thread-safety: implementations must be thread-safe. {@code decode} runs on an endpoint's
 * receive thread, {@code encode} on whichever thread sends.
 */
public interface FrameCodec {

    /**
     * Decodes one datagram sent by {@code sender}.
     *
     * @throws SscpDecodeException if the bytes are not a valid message; carries the SSCP error
     *     code to answer with and, when the root element was read, the message type and seq
     */
    Frame decode(Direction sender, byte[] data, int offset, int length) throws SscpDecodeException;

    /**
     * Decodes one datagram, reading it in {@code undeclared} when it does not declare its
     * encoding. The default accepts UTF-8 only and ignores {@code undeclared}.
     */
    default Frame decode(Direction sender, byte[] data, int offset, int length, Charset undeclared)
            throws SscpDecodeException {
        return decode(sender, data, offset, length);
    }

    /** Encodes a frame as the bytes of one datagram. */
    byte[] encode(Frame frame);

    /**
     * Encodes a frame for a phone with display {@code encoding}. The default handles
     * {@link DisplayEncoding#DEFAULT} only.
     *
     * @throws UnsupportedOperationException for another encoding, unless overridden
     */
    default byte[] encode(Frame frame, DisplayEncoding encoding) {
        if (!encoding.isDefault()) {
            throw new UnsupportedOperationException(getClass().getSimpleName() + " encodes UTF-8 only, not " + encoding);
        }
        return encode(frame);
    }
}
