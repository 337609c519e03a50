package org.sscpbridge.sscp.transport;

import org.sscpbridge.sscp.codec.FrameCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SscpMessage;

/**
 * A test-only codec so transport tests do not depend on the real one: {@code Name|seq} with
 * {@code |code|text} for Error, e.g. {@code KeepAlive|5}, {@code Error|0|400|bad}. A {@code |!}
 * part makes an otherwise valid datagram malformed (with its type and seq known). Encoding appends
 * {@code |#n}, a counter, so that two encodings of one frame differ: a re-sent answer that is
 * byte-identical was remembered, not encoded again.
 */
final class TextCodec implements FrameCodec {
    private final AtomicLong encodings = new AtomicLong();

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public Frame decode(Direction sender, byte[] data, int offset, int length) throws SscpDecodeException {
        String[] parts = new String(data, offset, length, StandardCharsets.UTF_8).split("\\|", -1);
        MessageType type = MessageType.byName(sender, parts[0])
                .orElseThrow(() -> new SscpDecodeException(400, "unknown message"));
        long seq;
        try {
            seq = parts.length > 1 ? Long.parseLong(parts[1]) : Frame.NO_SEQ;
        } catch (NumberFormatException e) {
            throw new SscpDecodeException(400, "bad seq", type, Frame.NO_SEQ);
        }
        if (seq < 0 || seq > Frame.MAX_SEQ) {
            throw new SscpDecodeException(400, "bad seq", type, Frame.NO_SEQ);
        }
        for (String part : parts) {
            if (part.equals("!")) {
                throw new SscpDecodeException(400, "bad body", type, seq);
            }
        }
        SscpMessage message = switch (type) {
            case PHONE_ACK -> new PhoneMessage.Ack();
            case KEEP_ALIVE -> new PhoneMessage.KeepAlive();
            case BRIDGE_ACK -> new BridgeMessage.Ack();
            case KEEP_ALIVE_ACK -> new BridgeMessage.KeepAliveAck();
            case ERROR -> new BridgeMessage.Error(Integer.parseInt(parts[2]), parts[3]);
            default -> throw new SscpDecodeException(400, "not in the test codec", type, seq);
        };
        return new Frame(message, seq);
    }

    @Override
    public byte[] encode(Frame frame) {
        StringBuilder text = new StringBuilder(frame.type().wireName()).append('|').append(frame.seq());
        if (frame.message() instanceof BridgeMessage.Error error) {
            text.append('|').append(error.code()).append('|').append(error.text());
        }
        return bytes(text.append("|#").append(encodings.incrementAndGet()).toString());
    }
}
