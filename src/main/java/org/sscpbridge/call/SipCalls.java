package org.sscpbridge.call;

/** The port through which the phone side places and receives calls, without knowing SIP. */
public interface SipCalls {

    /**
     * Sends INVITE from {@code line} to {@code target} (a number at the bridge's domain, or a whole
     * {@code sip:}/{@code sips:} URI) offering the phone's media.
     */
    default SipCall call(LineAccount line, String target, MediaEndpoint phone, CallListener listener) {
        return call(line, target, phone, listener, OutgoingOptions.NONE);
    }

    /** As {@link #call(LineAccount, String, MediaEndpoint, CallListener)}, with extra headers. */
    SipCall call(LineAccount line, String target, MediaEndpoint phone, CallListener listener, OutgoingOptions options);

    /** Who receives INVITEs for registered lines; null to refuse them all (480). */
    void onIncoming(IncomingCallHandler handler);

    /** Receives INVITEs for a line number. */
    interface IncomingCallHandler {
        /**
         * A call for {@code lineNumber}; the handler must eventually ring, answer, reject or
         * redirect it. Called on a SIP thread: hand over, do not block.
         */
        void onIncoming(String lineNumber, IncomingCall call);
    }
}
