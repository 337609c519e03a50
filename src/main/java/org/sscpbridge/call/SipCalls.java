package org.sscpbridge.call;

/** The port through which the phone side places and receives calls, without knowing SIP. */
public interface SipCalls {

    /** Sends INVITE from {@code line} to {@code number} offering the phone's media. */
    SipCall call(LineAccount line, String number, MediaEndpoint phone, CallListener listener);

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
