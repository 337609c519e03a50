package org.sscpbridge.sscp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;

/**
 * What every fuzzer checks for one input, in both directions: decoding gives a valid frame or an
 * SscpDecodeException with a legal code and a reason an Error can carry, never anything else; a
 * frame decoded re-encodes to bytes that decode to an equal frame.
 */
final class DecoderOracle {
    private final SscpCodec codec;
    private long decoded;
    private long refused;

    DecoderOracle(SscpCodec codec) {
        this.codec = codec;
    }

    void check(byte[] data) {
        for (Direction sender : Direction.values()) {
            Frame frame;
            try {
                frame = codec.decode(sender, data, 0, data.length);
            } catch (SscpDecodeException e) {
                refused++;
                if (e.errorCode() != 400 && e.errorCode() != 413) {
                    throw new AssertionError("unexpected error code " + e.errorCode() + ": " + e.getMessage());
                }
                if (e.errorCode() == 413 && data.length <= SscpCodec.MAX_DATAGRAM) {
                    throw new AssertionError("413 for a datagram of " + data.length + " bytes");
                }
                // The reason must fit into an Error as is.
                new org.sscpbridge.sscp.message.BridgeMessage.Error(e.errorCode(), e.reason());
                continue;
            }
            decoded++;
            assertEquals(sender, frame.type().sender());
            byte[] again = codec.encode(frame);
            try {
                assertEquals(frame, codec.decode(sender, again, 0, again.length));
            } catch (SscpDecodeException e) {
                throw new AssertionError("re-encoded frame " + frame + " does not decode: " + e.getMessage(), e);
            }
        }
    }

    long decoded() {
        return decoded;
    }

    long refused() {
        return refused;
    }
}
