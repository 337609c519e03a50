package org.sscpbridge.sscp.codec;

/**
 * A message that cannot be sent as one SSCP datagram: its encoding exceeds 8 KiB (SPEC §1), so
 * the receiver would drop it. A programming or sizing error on the sending side (e.g. too many
 * long entries in one result): split the content over several messages.
 */
public final class SscpEncodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SscpEncodeException(String message) {
        super(message);
    }
}
