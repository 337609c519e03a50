package org.sscpbridge.sscp.codec;

import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;

/**
 * Bytes ⇄ SSCP frames (SPEC §1–2). Thread-safe; one instance serves every socket.
 * Skeleton: the codec work fills decode/encode.
 */
public final class SscpCodec implements FrameCodec {
    /** Largest datagram accepted (SPEC §1). */
    public static final int MAX_DATAGRAM = 8 * 1024;

    /** Decodes one datagram sent by {@code sender}. */
    public Frame decode(Direction sender, byte[] data, int offset, int length) throws SscpDecodeException {
        throw new SscpDecodeException(500, "codec not built yet");
    }

    /** Encodes a frame as well-formed UTF-8 XML with declaration. */
    public byte[] encode(Frame frame) {
        throw new IllegalStateException("codec not built yet");
    }
}
