package org.sscpbridge.call;

/** One call's SIP side, as the phone side controls it. Thread-safe. */
public interface SipCall {

    /** The SIP Call-ID, for the console and logs. */
    String sipCallId();

    /** Ends the call: CANCEL before an answer, BYE after, a rejection for an unanswered incoming call. */
    void hangUp();

    /** Sends one DTMF digit in the dialog (SIP INFO, application/dtmf-relay). */
    void sendDtmf(char digit);
}
