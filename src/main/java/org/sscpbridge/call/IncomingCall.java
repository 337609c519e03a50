package org.sscpbridge.call;

import java.util.Optional;

/** An INVITE for one of the phone's lines, waiting for the phone side to decide. Thread-safe. */
public interface IncomingCall extends SipCall {

    Caller caller();

    /**
     * The call of ours this INVITE takes over (its Replaces header named one of our confirmed
     * dialogs, RFC 3891): the phone side answers it at once with that call's media and hangs the
     * replaced one up. Empty for an ordinary call. (A Replaces that names no dialog of ours is
     * answered 481 by the SIP side and never reaches the phone side.)
     */
    Optional<SipCall> replaces();

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
