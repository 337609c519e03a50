package org.sscpbridge.call;

import java.util.Optional;

/**
 * One call's SIP side (one INVITE dialog), as the phone side controls it. Thread-safe: every
 * method only queues work on the dialog's own serial executor and returns at once; outcomes come
 * back through the call's {@link CallListener} (or the {@link TransferListener} given).
 */
public interface SipCall {

    /** The SIP Call-ID, for the console and logs. */
    String sipCallId();

    /** Ends the call: CANCEL before an answer, BYE after, a rejection for an unanswered incoming call. */
    void hangUp();

    /** Sends one DTMF digit in the dialog (SIP INFO, application/dtmf-relay). */
    void sendDtmf(char digit);

    /**
     * Offers the phone's media again in a re-INVITE with {@code mode} as the phone's direction:
     * {@code SEND_ONLY} holds the far end (RFC 6337 §5.3), {@code SEND_RECV} resumes. The phone's
     * direction stays {@code mode} for later offers and answers in this dialog (a far end's session
     * refresh does not take a hold back). The answer arrives as {@link CallListener#onMediaChanged};
     * a refusal as {@link CallListener#onReofferFailed}, the session staying as it was (RFC 3261 §14.1).
     * A 491 (glare) is retried once by the SIP side after RFC 3261's random wait.
     */
    void reoffer(MediaSession.MediaMode mode);

    /**
     * Sends REFER in this confirmed dialog (RFC 3515): the far end is asked to call {@code target}
     * (a number at the bridge's domain, or a whole {@code sip:}/{@code sips:} URI). With
     * {@code replacing}, the Refer-To carries a Replaces of that call's dialog (RFC 3891: attended
     * transfer). 202, NOTIFY progress and the outcome go to {@code listener}.
     */
    void refer(String target, Optional<SipCall> replacing, TransferListener listener);
}
