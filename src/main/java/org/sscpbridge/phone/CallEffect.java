package org.sscpbridge.phone;

import java.time.Duration;
import java.util.Optional;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.sscp.message.BridgeMessage;

/**
 * What a transition asks for, as values: {@link CallControl} carries them out against the phone,
 * the call's SIP dialog, its timers and the history, in the order given.
 */
sealed interface CallEffect {

    /** Shows the call's CallState for {@code phase}, with its far party. */
    record Show(CallPhase phase) implements CallEffect {}

    /** A message for the phone that is not about the call's own media (Tone, Display, Ringer). */
    record Tell(BridgeMessage message) implements CallEffect {}

    /** StartMedia toward {@code media}'s far end, with its direction. */
    record StartMedia(MediaSession media) implements CallEffect {}

    /** StopMedia, if media was started. */
    record StopMedia() implements CallEffect {}

    record SetDigits(String digits) implements CallEffect {}

    /** The far party's number is now {@code number} (the dialled number). */
    record SetNumber(String number) implements CallEffect {}

    /** Keeps the phone's RTP address for this call. */
    record KeepPhoneMedia(MediaEndpoint media) implements CallEffect {}

    /** OpenMedia (unless the phone's media is known already, then MediaReady at once) and its timer. */
    record RequestMedia() implements CallEffect {}

    /** The INVITE for the call's number, offering the phone's media. */
    record Invite() implements CallEffect {}

    /** 200 with the phone's media for the ringing incoming call. */
    record AnswerSip() implements CallEffect {}

    /** CANCEL, BYE or refusal (486), whichever the SIP state calls for. */
    record HangUpSip() implements CallEffect {}

    /** 302 toward {@code number}. */
    record Redirect(String number) implements CallEffect {}

    record Reoffer(MediaSession.MediaMode mode) implements CallEffect {}

    /** REFER in the call's dialog, optionally replacing {@code replacing}'s dialog. */
    record Refer(String target, Optional<PhoneCall> replacing) implements CallEffect {}

    record SendDtmf(char key) implements CallEffect {}

    record StartTimer(CallTimer timer, Duration delay) implements CallEffect {}

    record CancelTimer(CallTimer timer) implements CallEffect {}

    /** A history entry of {@code kind} for the call's party (the answered time for RECEIVED). */
    record Remember(CallHistoryLog.Kind kind) implements CallEffect {}

    /** The call was answered: its duration counts from now. */
    record MarkAnswered() implements CallEffect {}

    /** Tells whoever REFERred this call (RFC 3515 NOTIFY) how it went. */
    record ReportToReferrer(int status, String reason) implements CallEffect {}

    /** Silences the ringer, unless another call keeps the handset (a waiting call never rang it). */
    record StopRinging() implements CallEffect {}

    /** Ends the call for the phone: timers off, StopMedia, CallState Idle, removed. */
    record Finish() implements CallEffect {}
}
