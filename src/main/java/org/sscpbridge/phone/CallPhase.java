package org.sscpbridge.phone;

import org.sscpbridge.sscp.message.CallStateName;

/**
 * Where one call stands, as call control reasons about it. Finer than the wire's CallState (which
 * is derived: {@link #shown()}), because what may happen next differs between, say, waiting for the
 * phone's media address and waiting for the far end.
 */
enum CallPhase {
    /** Off hook, dial tone, no digit yet. */
    DIAL_TONE(CallStateName.OFF_HOOK, true),
    /** Digits are being collected against the digit map. */
    DIALING(CallStateName.DIALING, true),
    /** The number is complete; OpenMedia sent, waiting for the phone's MediaInfo before the INVITE. */
    AWAITING_MEDIA(CallStateName.PROCEED, true),
    /** INVITE sent, no ringing yet. */
    CALLING(CallStateName.PROCEED, true),
    /** The far end rings (180/183). */
    RINGING_OUT(CallStateName.RING_OUT, true),
    /** An incoming call rings (or waits, with the call-waiting tone). */
    RINGING_IN(CallStateName.RING_IN, false),
    /** The phone answered; its media address is being asked, then 200 goes out. */
    ANSWERING(CallStateName.OFF_HOOK, true),
    CONNECTED(CallStateName.CONNECTED, true),
    /** On hold from this side (re-INVITE sendonly sent or answered). */
    HELD(CallStateName.HOLD, false),
    /** Resume pressed: re-INVITE sendrecv sent, media restarts on its answer. */
    RESUMING(CallStateName.HOLD, true),
    /** REFER sent for a transfer of this (held) call; waiting for the far end's NOTIFY. */
    TRANSFERRING(CallStateName.TRANSFER, false),
    /** REFER to the park number sent; waiting for the PBX's NOTIFY. */
    PARKING(CallStateName.PARK, false),
    /** REFER to the conference URI sent for this far end; waiting for its NOTIFY. */
    CONFERENCING(CallStateName.CONFERENCE, false),
    BUSY(CallStateName.BUSY, true),
    CONGESTION(CallStateName.CONGESTION, true),
    INVALID_NUMBER(CallStateName.INVALID_NUMBER, true),
    /** Gone: the call is removed once this phase is reached. */
    ENDED(CallStateName.IDLE, false);

    private final CallStateName shown;
    private final boolean onHandset;

    CallPhase(CallStateName shown, boolean onHandset) {
        this.shown = shown;
        this.onHandset = onHandset;
    }

    /** The CallState the phone is shown in this phase. */
    CallStateName shown() {
        return shown;
    }

    /**
     * Whether the handset is on this call: at most one such call exists; the others ring, are held,
     * or are being handed over.
     */
    boolean onHandset() {
        return onHandset;
    }

    /** Whether the SIP dialog is confirmed and media may flow or be held. */
    boolean established() {
        return this == CONNECTED || this == HELD || this == RESUMING;
    }

    /** A failed outgoing call, kept (with its tone) until the phone hangs up. */
    boolean failed() {
        return this == BUSY || this == CONGESTION || this == INVALID_NUMBER;
    }
}
