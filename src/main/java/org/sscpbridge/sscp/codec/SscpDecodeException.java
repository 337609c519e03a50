package org.sscpbridge.sscp.codec;

import org.sscpbridge.sscp.message.MessageType;

/**
 * A datagram that is not a valid SSCP message. Carries the SSCP error code to answer with
 * (400 malformed, 413 too large, ...), a reason fit for a log line and an Error's text, and what
 * was learnt before the failure (message type and seq, when the root element was read).
 */
public final class SscpDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final String reason;
    private final MessageType messageType;
    private final long seq;

    public SscpDecodeException(int errorCode, String reason, MessageType messageType, long seq) {
        super(errorCode + " " + reason);
        this.errorCode = errorCode;
        this.reason = reason;
        this.messageType = messageType;
        this.seq = seq;
    }

    public SscpDecodeException(int errorCode, String reason) {
        this(errorCode, reason, null, 0);
    }

    public int errorCode() {
        return errorCode;
    }

    public String reason() {
        return reason;
    }

    /** The message type named by the root element, or null if it was not reached or unknown. */
    public MessageType messageType() {
        return messageType;
    }

    /** The root's seq if it was read and valid, else 0. */
    public long seq() {
        return seq;
    }
}
