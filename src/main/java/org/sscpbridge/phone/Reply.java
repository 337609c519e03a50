package org.sscpbridge.phone;

import org.sscpbridge.sscp.message.BridgeMessage;

/** The way back to the phone for one received message: its specific answer, or a plain Ack. */
public interface Reply {

    /** Sends the message's specific answer (RegisterAck, KeepAliveAck, ...), echoing its seq. */
    void answer(BridgeMessage answer);

    /** Acknowledges the message if it carried a seq (SPEC §2 "Ack if seq"); else nothing. */
    void ack();

    /**
     * The message could not be taken (the phone's event queue is full): it is dropped unseen and
     * counted, and the phone's retransmission of it will be taken once there is room.
     */
    default void refuse() {
    }
}
