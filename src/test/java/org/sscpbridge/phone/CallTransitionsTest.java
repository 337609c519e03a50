package org.sscpbridge.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;

/** The state machine as a table: phase × event → next phase (and the one effect that matters). */
class CallTransitionsTest {
    private static final CallTransitions.Rules RULES = new CallTransitions.Rules(DigitMap.parse("xxxx|*xx|9x.#"),
            Duration.ofSeconds(5));
    private static final MediaSession FAR = new MediaSession("198.51.100.9", 4000, "PCMU", 20,
            MediaSession.MediaMode.SEND_RECV);
    private static final MediaEndpoint PHONE = new MediaEndpoint("192.0.2.7", 16384, List.of("PCMU"));

    static Stream<Arguments> table() {
        return Stream.of(
                // phase, digits, event, next phase, an effect that must be among the effects (or null)
                row(CallPhase.DIAL_TONE, "", new CallEvent.Digit('1'), CallPhase.DIALING, CallEffect.StartTimer.class),
                row(CallPhase.DIALING, "100", new CallEvent.Digit('2'), CallPhase.AWAITING_MEDIA, CallEffect.RequestMedia.class),
                row(CallPhase.DIALING, "12", new CallEvent.Digit('*'), CallPhase.INVALID_NUMBER, CallEffect.StopMedia.class),
                row(CallPhase.DIALING, "1", new CallEvent.Digit('#'), CallPhase.AWAITING_MEDIA, CallEffect.SetNumber.class),
                row(CallPhase.DIALING, "91", new CallEvent.Timeout(CallTimer.INTERDIGIT), CallPhase.AWAITING_MEDIA, null),
                row(CallPhase.DIAL_TONE, "", new CallEvent.Timeout(CallTimer.FIRST_DIGIT), CallPhase.CONGESTION, null),
                row(CallPhase.DIALING, "12", new CallEvent.BackSpace(), CallPhase.DIALING, CallEffect.SetDigits.class),
                row(CallPhase.AWAITING_MEDIA, "", new CallEvent.MediaReady(PHONE), CallPhase.CALLING, CallEffect.Invite.class),
                row(CallPhase.AWAITING_MEDIA, "", new CallEvent.Timeout(CallTimer.MEDIA_INFO), CallPhase.CONGESTION, null),
                // a 200 can only answer an INVITE that was sent
                row(CallPhase.AWAITING_MEDIA, "", new CallEvent.Answered(FAR), CallPhase.AWAITING_MEDIA, null),
                row(CallPhase.CALLING, "", new CallEvent.Progress(180, Optional.empty()), CallPhase.RINGING_OUT, CallEffect.Show.class),
                row(CallPhase.RINGING_OUT, "", new CallEvent.Answered(FAR), CallPhase.CONNECTED, CallEffect.StartMedia.class),
                row(CallPhase.RINGING_OUT, "", new CallEvent.Failed(486, "Busy Here"), CallPhase.BUSY, null),
                row(CallPhase.CALLING, "", new CallEvent.Failed(404, "Not Found"), CallPhase.INVALID_NUMBER, null),
                row(CallPhase.CALLING, "", new CallEvent.Failed(503, "Unavailable"), CallPhase.CONGESTION, null),
                row(CallPhase.RINGING_OUT, "", new CallEvent.HangUp(), CallPhase.ENDED, CallEffect.HangUpSip.class),
                row(CallPhase.RINGING_IN, "", new CallEvent.Answer(), CallPhase.ANSWERING, CallEffect.RequestMedia.class),
                row(CallPhase.RINGING_IN, "", new CallEvent.HangUp(), CallPhase.ENDED, CallEffect.Remember.class),
                row(CallPhase.RINGING_IN, "", new CallEvent.Failed(487, "cancelled"), CallPhase.ENDED, CallEffect.Remember.class),
                row(CallPhase.RINGING_IN, "", new CallEvent.ForwardNoAnswer("1060"), CallPhase.ENDED, CallEffect.Redirect.class),
                // a digit while answering is no new call (the old bug)
                row(CallPhase.ANSWERING, "", new CallEvent.Digit('5'), CallPhase.ANSWERING, null),
                row(CallPhase.ANSWERING, "", new CallEvent.MediaReady(PHONE), CallPhase.ANSWERING, CallEffect.AnswerSip.class),
                // CANCEL crossing the 200: the call ends once
                row(CallPhase.ANSWERING, "", new CallEvent.Failed(487, "cancelled"), CallPhase.ENDED, CallEffect.Finish.class),
                row(CallPhase.ANSWERING, "", new CallEvent.Answered(FAR), CallPhase.CONNECTED, CallEffect.StartMedia.class),
                row(CallPhase.CONNECTED, "", new CallEvent.Digit('5'), CallPhase.CONNECTED, CallEffect.SendDtmf.class),
                row(CallPhase.CONNECTED, "", new CallEvent.Hold(), CallPhase.HELD, CallEffect.Reoffer.class),
                row(CallPhase.CONNECTED, "", new CallEvent.MediaChanged(FAR), CallPhase.CONNECTED, CallEffect.StartMedia.class),
                row(CallPhase.CONNECTED, "", new CallEvent.Ended("BYE"), CallPhase.ENDED, CallEffect.Finish.class),
                row(CallPhase.CONNECTED, "", new CallEvent.Resume(), CallPhase.CONNECTED, null),
                row(CallPhase.CONNECTED, "", new CallEvent.Refer(CallEvent.ReferPurpose.PARK, "*70", Optional.empty()),
                        CallPhase.PARKING, CallEffect.Refer.class),
                row(CallPhase.HELD, "", new CallEvent.Resume(), CallPhase.RESUMING, CallEffect.Reoffer.class),
                row(CallPhase.HELD, "", new CallEvent.ReofferFailed(488, "no"), CallPhase.CONNECTED, CallEffect.StartMedia.class),
                row(CallPhase.HELD, "", new CallEvent.Refer(CallEvent.ReferPurpose.TRANSFER, "1003", Optional.empty()),
                        CallPhase.TRANSFERRING, CallEffect.Refer.class),
                row(CallPhase.RESUMING, "", new CallEvent.MediaChanged(FAR), CallPhase.CONNECTED, CallEffect.StartMedia.class),
                row(CallPhase.RESUMING, "", new CallEvent.ReofferFailed(491, "pending"), CallPhase.HELD, null),
                row(CallPhase.TRANSFERRING, "", new CallEvent.ReferAccepted(), CallPhase.TRANSFERRING, null),
                row(CallPhase.TRANSFERRING, "", new CallEvent.ReferSucceeded("SIP/2.0 200 OK"), CallPhase.ENDED, CallEffect.HangUpSip.class),
                row(CallPhase.TRANSFERRING, "", new CallEvent.ReferFailed(403, "Forbidden"), CallPhase.HELD, CallEffect.Show.class),
                row(CallPhase.PARKING, "", new CallEvent.ReferFailed(404, "no park"), CallPhase.CONNECTED, CallEffect.StartMedia.class),
                row(CallPhase.CONFERENCING, "", new CallEvent.ReferSucceeded("SIP/2.0 200 OK"), CallPhase.ENDED, CallEffect.Finish.class),
                row(CallPhase.CONFERENCING, "", new CallEvent.ReferFailed(480, "no"), CallPhase.HELD, null),
                row(CallPhase.HELD, "", new CallEvent.TakenOver(FAR), CallPhase.CONNECTED, CallEffect.StartMedia.class),
                row(CallPhase.BUSY, "", new CallEvent.Answered(FAR), CallPhase.BUSY, null),
                row(CallPhase.BUSY, "", new CallEvent.HangUp(), CallPhase.ENDED, CallEffect.Finish.class),
                row(CallPhase.ENDED, "", new CallEvent.Answered(FAR), CallPhase.ENDED, null),
                row(CallPhase.ENDED, "", new CallEvent.HangUp(), CallPhase.ENDED, null));
    }

    private static Arguments row(CallPhase phase, String digits, CallEvent event, CallPhase next,
            Class<? extends CallEffect> effect) {
        return Arguments.of(phase, digits, event, next, effect);
    }

    @ParameterizedTest(name = "{0} + {2} -> {3}")
    @MethodSource("table")
    void phaseAndEventGiveTheNextPhase(CallPhase phase, String digits, CallEvent event, CallPhase next,
            Class<? extends CallEffect> effect) {
        boolean established = phase.established() || phase == CallPhase.TRANSFERRING || phase == CallPhase.PARKING
                || phase == CallPhase.CONFERENCING;
        CallTransitions.CallView view = new CallTransitions.CallView(phase, digits,
                phase != CallPhase.DIAL_TONE && phase != CallPhase.DIALING && phase != CallPhase.AWAITING_MEDIA,
                established ? Optional.of(FAR) : Optional.empty(), false);
        CallTransitions.Transition t = CallTransitions.on(view, event, RULES);
        assertEquals(next, t.next());
        if (effect != null) {
            assertTrue(t.effects().stream().anyMatch(effect::isInstance), effect.getSimpleName() + " in " + t.effects());
        }
        if (next == phase && effect == null) {
            assertTrue(t.effects().stream().noneMatch(e -> e instanceof CallEffect.Finish), "no end without a reason");
        }
        if (next == CallPhase.ENDED && phase != CallPhase.ENDED) {
            assertTrue(t.effects().stream().anyMatch(e -> e instanceof CallEffect.Finish), "an end is shown: " + t.effects());
        }
    }
}
