package org.sscpbridge.sscp.message;

/** Messages a phone sends to the bridge (SPEC §2, ids 1–18). */
public sealed interface PhoneMessage extends SscpMessage {

    /** "I am still here"; answered by KeepAliveAck (SPEC §2, id 3). */
    record KeepAlive() implements PhoneMessage {
        @Override
        public MessageType type() {
            return MessageType.KEEP_ALIVE;
        }
    }

    /** Echoes the seq of a bridge message that has no answer of its own. */
    record Ack() implements PhoneMessage {
        @Override
        public MessageType type() {
            return MessageType.PHONE_ACK;
        }
    }
}
