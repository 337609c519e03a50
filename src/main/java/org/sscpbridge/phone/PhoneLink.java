package org.sscpbridge.phone;

import java.net.InetSocketAddress;
import org.sscpbridge.sscp.message.BridgeMessage;

/** How a session reaches its phone, without knowing sockets: the SSCP server implements it. */
public interface PhoneLink {

    /** Sends with seq, repeated until acknowledged (SPEC §3): for what changes the phone's state. */
    void sendReliably(InetSocketAddress phone, BridgeMessage message);

    /** Sends once, without seq. */
    void send(InetSocketAddress phone, BridgeMessage message);
}
