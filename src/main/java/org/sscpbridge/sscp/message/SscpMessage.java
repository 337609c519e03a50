package org.sscpbridge.sscp.message;

/** One SSCP message body, without framing (seq lives in {@link Frame}). */
public sealed interface SscpMessage permits PhoneMessage, BridgeMessage {
    MessageType type();
}
