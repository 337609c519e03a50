package org.sscpbridge.sip.sdp;

/**
 * The remote side's SDP is well formed but there is no usable audio stream with a codec in common:
 * the caller answers an offer with 488 Not Acceptable Here (or ends a dialog whose answer has it).
 */
public final class NoCommonCodecException extends SdpException {
    private static final long serialVersionUID = 1L;

    public NoCommonCodecException(String message) {
        super(message);
    }
}
