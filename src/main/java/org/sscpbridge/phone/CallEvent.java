package org.sscpbridge.phone;

import java.util.Optional;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;

/**
 * Everything that can happen to one call: from the phone (already resolved to this call by
 * {@link CallControl}), from its SIP dialog, or from one of its timers.
 */
sealed interface CallEvent {

    // ---- from the phone ------------------------------------------------------------------------

    /** A key of the dial pad (0-9, *, #). */
    record Digit(char key) implements CallEvent {}

    /** BackSpace: the last collected digit goes. */
    record BackSpace() implements CallEvent {}

    /** A whole number at once (Dial, SpeedDial, Redial, a feature key's number). */
    record DialNumber(String number) implements CallEvent {}

    /** The phone's RTP address is known (MediaInfo, or the Register's fallback). */
    record MediaReady(MediaEndpoint media) implements CallEvent {}

    /** OffHook or Answer on a ringing call. */
    record Answer() implements CallEvent {}

    /** OnHook or EndCall: the phone ends this call (a ringing one is refused). */
    record HangUp() implements CallEvent {}

    record Hold() implements CallEvent {}

    record Resume() implements CallEvent {}

    /** Transfer, park or conference this call by REFER. */
    record Refer(ReferPurpose purpose, String target, Optional<PhoneCall> replacing) implements CallEvent {}

    /** What a REFER of ours is for: how the phone is shown its progress. */
    enum ReferPurpose { TRANSFER, PARK, CONFERENCE }

    // ---- from SIP ------------------------------------------------------------------------------

    record Progress(int status, Optional<MediaSession> earlyMedia) implements CallEvent {}

    record Answered(MediaSession media) implements CallEvent {}

    /** The call did not come up (or an answer was refused): final status. */
    record Failed(int status, String reason) implements CallEvent {}

    /** The far end ended an established call, or its dialog died. */
    record Ended(String reason) implements CallEvent {}

    /** An established call's media changed (our re-INVITE answered, or the far end's re-INVITE). */
    record MediaChanged(MediaSession media) implements CallEvent {}

    record ReofferFailed(int status, String reason) implements CallEvent {}

    record ReferAccepted() implements CallEvent {}

    record ReferSucceeded(String text) implements CallEvent {}

    record ReferFailed(int status, String text) implements CallEvent {}

    /** A NoAnswer forward is due: the ringing call goes to {@code target} (302). */
    record ForwardNoAnswer(String target) implements CallEvent {}

    /**
     * An INVITE with Replaces took this call over: the new dialog was answered with the phone's
     * media, toward {@code media} (the old far end got BYE).
     */
    record TakenOver(MediaSession media) implements CallEvent {}

    // ---- timers --------------------------------------------------------------------------------

    record Timeout(CallTimer timer) implements CallEvent {}
}
