package org.sscpbridge.sscp.codec;

import org.sscpbridge.sscp.message.MessageType;

/**
 * A datagram that is not a valid SSCP message. Carries the SSCP error code to answer with
 * (400 malformed, 413 too large, ...), a reason fit for a log line and an Error's text, and what
 * was learnt before the failure (message type and seq, when the root element was read).
 *
 * <p>The reason is always safe to put into {@code BridgeMessage.Error}: at most
 * {@value #MAX_REASON_CHARS} printable characters (anything else is replaced by '?'), because it
 * may quote bytes of the offending datagram.
 *
 * <p>No stack trace is recorded: a decode failure is a property of the input, not of the code
 * path, and a flood of garbage datagrams must stay cheap to reject.
 */
public final class SscpDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Longest reason kept; longer ones are cut. */
    public static final int MAX_REASON_CHARS = 200;

    private final int errorCode;
    private final String reason;
    private final MessageType messageType;
    private final long seq;

    public SscpDecodeException(int errorCode, String reason, MessageType messageType, long seq) {
        this(errorCode, printable(reason), messageType, seq, true);
    }

    public SscpDecodeException(int errorCode, String reason) {
        this(errorCode, reason, null, 0);
    }

    private SscpDecodeException(int errorCode, String safeReason, MessageType messageType, long seq, boolean unused) {
        super(errorCode + " " + safeReason, null, false, false);
        this.errorCode = errorCode;
        this.reason = safeReason;
        this.messageType = messageType;
        this.seq = seq;
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

    private static String printable(String reason) {
        if (reason == null) {
            return "";
        }
        int n = Math.min(reason.length(), MAX_REASON_CHARS);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = reason.charAt(i);
            sb.append(c < 0x20 || c == 0x7F || Character.isSurrogate(c) || c > 0xFFFD ? '?' : c);
        }
        return sb.toString();
    }
}
