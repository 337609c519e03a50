package org.sscpbridge.sscp.message;

import java.util.Objects;

/** Messages the bridge sends to a phone (SPEC §2, ids 101–119). */
public sealed interface BridgeMessage extends SscpMessage {

    /** Answer to KeepAlive (SPEC §2, id 104). */
    record KeepAliveAck() implements BridgeMessage {
        @Override
        public MessageType type() {
            return MessageType.KEEP_ALIVE_ACK;
        }
    }

    /** Echoes the seq of a phone message that has no answer of its own. */
    record Ack() implements BridgeMessage {
        @Override
        public MessageType type() {
            return MessageType.BRIDGE_ACK;
        }
    }

    /** Answer to a message the bridge could not accept: code as in HTTP/SIP (400, 401, 413, ...). */
    record Error(int code, String text) implements BridgeMessage {
        public Error {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public MessageType type() {
            return MessageType.ERROR;
        }
    }
}
