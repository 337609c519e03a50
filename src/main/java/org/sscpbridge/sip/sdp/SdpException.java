package org.sscpbridge.sip.sdp;

/**
 * An SDP body that cannot be used: malformed, missing what the bridge needs, or (as the subclass
 * {@link NoCommonCodecException}) without a codec in common. The message says what is wrong and is
 * fit for a log line or a SIP Warning header.
 */
public class SdpException extends Exception {
    private static final long serialVersionUID = 1L;

    public SdpException(String message) {
        super(message);
    }

    public SdpException(String message, Throwable cause) {
        super(message, cause);
    }
}
