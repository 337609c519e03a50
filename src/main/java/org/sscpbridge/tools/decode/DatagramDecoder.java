package org.sscpbridge.tools.decode;

import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.codec.XmlElement;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;

/**
 * Decodes datagrams with the project's {@link SscpCodec} in two steps, element tree then message,
 * so that a datagram that parses but is not a valid message can still be shown.
 */
public final class DatagramDecoder {
    private final SscpCodec codec = new SscpCodec();

    public DecodedDatagram decode(RawDatagram raw) {
        XmlElement tree;
        try {
            tree = codec.decodeTree(raw.bytes(), 0, raw.bytes().length);
        } catch (SscpDecodeException e) {
            Direction sender = raw.sender() != null ? raw.sender() : Direction.PHONE;
            return new DecodedDatagram(raw, sender, null, null, null, e);
        }
        String name = tree.attribute("name");
        Direction sender = raw.sender() != null ? raw.sender() : guessSender(name);
        try {
            Frame frame = codec.toFrame(sender, tree);
            return new DecodedDatagram(raw, sender, name, tree, frame, null);
        } catch (SscpDecodeException e) {
            return new DecodedDatagram(raw, sender, name, tree, null, e);
        }
    }

    /**
     * Who sends a message of this name: the only side that has it; Ack exists on both sides and
     * is taken as the phone's (pass the direction explicitly to decide).
     */
    static Direction guessSender(String name) {
        if (name == null) {
            return Direction.PHONE;
        }
        if (MessageType.byName(Direction.PHONE, name).isPresent()) {
            return Direction.PHONE;
        }
        return MessageType.byName(Direction.BRIDGE, name).isPresent() ? Direction.BRIDGE : Direction.PHONE;
    }
}
