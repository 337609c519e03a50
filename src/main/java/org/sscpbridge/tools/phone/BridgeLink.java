package org.sscpbridge.tools.phone;

import java.net.InetSocketAddress;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.transport.SscpEndpoint;
import org.sscpbridge.tools.FrameText;

/**
 * The phone's way to the bridge: every request goes out reliably (with seq, repeated until
 * answered, SPEC §3), so that lost datagrams are recovered by the transport as on a real phone.
 */
final class BridgeLink {
    private final SscpEndpoint endpoint;
    private final InetSocketAddress peer;
    private final SscpCodec codec;
    private final PhoneEvents events;

    BridgeLink(SscpEndpoint endpoint, InetSocketAddress peer, SscpCodec codec, PhoneEvents events) {
        this.endpoint = endpoint;
        this.peer = peer;
        this.codec = codec;
        this.events = events;
    }

    Frame send(PhoneMessage message) {
        Frame frame = endpoint.sendReliably(peer, message);
        events.sent(FrameText.line(codec, frame));
        return frame;
    }

    SscpEndpoint endpoint() {
        return endpoint;
    }
}
