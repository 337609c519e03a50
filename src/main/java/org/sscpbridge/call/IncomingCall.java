package org.sscpbridge.call;

/** An INVITE for one of the phone's lines, waiting for the phone side to decide. Thread-safe. */
public interface IncomingCall extends SipCall {

    Caller caller();

    /** Tells the caller the phone rings (180). */
    void ringing();

    /**
     * Answers (200 with the phone's SDP). Media and the end of the call are told to {@code listener};
     * a failure (no common codec: 488 sent) comes as {@link CallListener#onFailed}.
     */
    void answer(MediaEndpoint phone);

    /** Refuses the call with {@code status} (486 busy, 480, 603...). */
    void reject(int status);

    /** Redirects the caller (302) to {@code number} at the bridge's domain: call forwarding. */
    void redirect(String number);

    /** Where SIP events of this call go, from now on (CANCEL before answer arrives as onFailed 487). */
    void listen(CallListener listener);
}
