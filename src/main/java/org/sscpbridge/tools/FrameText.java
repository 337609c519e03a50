package org.sscpbridge.tools;

import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.codec.XmlElement;
import org.sscpbridge.sscp.message.Frame;

/**
 * A frame seen as its wire element tree: the codec encodes it and parses the bytes back, so that
 * tools show and match exactly what travels, with the wire's element and attribute names.
 */
public final class FrameText {
    private FrameText() {
    }

    public static XmlElement tree(SscpCodec codec, Frame frame) {
        byte[] bytes = codec.encode(frame);
        try {
            return codec.decodeTree(bytes, 0, bytes.length);
        } catch (SscpDecodeException e) {
            // The codec's own output always parses (its round-trip property is tested).
            throw new IllegalStateException("codec output does not parse: " + e.getMessage(), e);
        }
    }

    /** {@code Name seq=N <Elem a=b> ...} in one line. */
    public static String line(SscpCodec codec, Frame frame) {
        String body = WireFields.compact(tree(codec, frame));
        return frame.type().wireName() + (frame.hasSeq() ? " seq=" + frame.seq() : "") + (body.isEmpty() ? "" : " " + body);
    }
}
