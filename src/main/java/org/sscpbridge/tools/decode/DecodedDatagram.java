package org.sscpbridge.tools.decode;

import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.codec.XmlElement;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;

/**
 * A datagram after decoding: the element tree when the XML parsed, the frame when the message was
 * valid, else the decode error. A datagram whose XML parsed but whose message is invalid (the
 * seed's {@code <Mode type="On/Off">}) has both the tree and the error.
 *
 * @param name the root's name attribute, or null when the XML did not parse or had none
 */
public record DecodedDatagram(RawDatagram raw, Direction sender, String name, XmlElement tree, Frame frame,
        SscpDecodeException error) {

    public boolean ok() {
        return error == null;
    }
}
