package org.sscpbridge.phone;

import org.sscpbridge.sscp.message.BridgeMessage;

/** The way back to the phone for one received message: its specific answer, or a plain Ack. */
public interface Reply {

    /** Sends the message's specific answer (RegisterAck, KeepAliveAck, ...), echoing its seq. */
    void answer(BridgeMessage answer);

    /** Acknowledges the message if it carried a seq (SPEC §2 "Ack if seq"); else nothing. */
    void ack();
}
