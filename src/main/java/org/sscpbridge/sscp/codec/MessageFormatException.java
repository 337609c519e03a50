package org.sscpbridge.sscp.codec;

/**
 * Internal: a well-formed tree that is not a valid message (missing or bad attribute, bad
 * value). Unchecked so that mapping code stays readable; {@link SscpCodec} turns it into an
 * {@link SscpDecodeException} carrying the message type and seq. Never leaves the package.
 */
final class MessageFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MessageFormatException(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
