package org.sscpbridge.phone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.ToneType;

/**
 * The call state machine: {@link #on} takes one call's phase and one event and gives the next phase
 * and the effects, as values (SPEC §5–6). Pure: no I/O, no clock, no mutable state; what a phase
 * does not expect is ignored (the phase stays, no effect), so late or crossing SIP events (a 200
 * after the phone hung up, a CANCEL crossing the answer) can never revive or double-end a call.
 */
final class CallTransitions {
    /** How long an off-hook phone waits for its first digit. */
    static final Duration FIRST_DIGIT_WAIT = Duration.ofSeconds(15);
    /** How long the phone may take to answer OpenMedia with MediaInfo. */
    static final Duration MEDIA_INFO_WAIT = Duration.ofSeconds(4);

    /** What a transition may read of its call. */
    record CallView(CallPhase phase, String digits, boolean hasSip, Optional<MediaSession> media,
            boolean referred) {}

    /** What every call of a phone shares. */
    record Rules(DigitMap digitMap, Duration interdigit) {}

    /** The next phase, and what to do to get there. */
    record Transition(CallPhase next, List<CallEffect> effects) {
        static Transition stay(CallView c) {
            return new Transition(c.phase(), List.of());
        }
    }

    private CallTransitions() {}

    static Transition on(CallView c, CallEvent e, Rules rules) {
        if (c.phase() == CallPhase.ENDED) {
            return Transition.stay(c);
        }
        if (e instanceof CallEvent.HangUp) {
            return hangUp(c);
        }
        return switch (c.phase()) {
            case DIAL_TONE, DIALING -> dialling(c, e, rules);
            case AWAITING_MEDIA, CALLING, RINGING_OUT -> outgoing(c, e);
            case RINGING_IN, ANSWERING -> incoming(c, e);
            case CONNECTED -> connected(c, e);
            case HELD, RESUMING -> held(c, e);
            case TRANSFERRING, PARKING, CONFERENCING -> referring(c, e);
            case BUSY, CONGESTION, INVALID_NUMBER -> failedCall(c, e);
            case ENDED -> Transition.stay(c);
        };
    }

    // ---- the phone ends a call (any phase) -----------------------------------------------------

    private static Transition hangUp(CallView c) {
        Effects fx = new Effects();
        if (c.phase() == CallPhase.RINGING_IN) {
            fx.add(new CallEffect.StopRinging(), new CallEffect.Remember(CallHistoryLog.Kind.MISSED));
        }
        if (c.hasSip()) {
            fx.add(new CallEffect.HangUpSip());
        }
        if (c.referred() && !c.phase().established()) {
            fx.add(new CallEffect.ReportToReferrer(487, "Request Terminated"));
        }
        return fx.then(CallPhase.ENDED, new CallEffect.Finish());
    }

    // ---- dialling ------------------------------------------------------------------------------

    private static Transition dialling(CallView c, CallEvent e, Rules rules) {
        if (e instanceof CallEvent.Digit d) {
            Effects fx = new Effects();
            if (c.phase() == CallPhase.DIAL_TONE) {
                fx.add(new CallEffect.CancelTimer(CallTimer.FIRST_DIGIT), tell(new BridgeMessage.Tone(ToneType.OFF)));
            }
            String digits = c.digits() + d.key();
            fx.add(new CallEffect.SetDigits(digits));
            if (c.phase() == CallPhase.DIAL_TONE) {
                return evaluate(digits, rules, fx.showing(CallPhase.DIALING));
            }
            return evaluate(digits, rules, fx);
        }
        if (e instanceof CallEvent.BackSpace) {
            if (c.phase() != CallPhase.DIALING || c.digits().isEmpty()) {
                return Transition.stay(c);
            }
            String digits = c.digits().substring(0, c.digits().length() - 1);
            Effects fx = new Effects();
            fx.add(new CallEffect.SetDigits(digits), tell(Screen.display(digits, 0)));
            if (digits.isEmpty()) {
                fx.add(new CallEffect.CancelTimer(CallTimer.INTERDIGIT),
                        new CallEffect.StartTimer(CallTimer.FIRST_DIGIT, FIRST_DIGIT_WAIT));
                return fx.then(CallPhase.DIALING);
            }
            return evaluate(digits, rules, fx.then(CallPhase.DIALING));
        }
        if (e instanceof CallEvent.DialNumber n) {
            Effects fx = new Effects();
            fx.add(new CallEffect.CancelTimer(CallTimer.FIRST_DIGIT), new CallEffect.CancelTimer(CallTimer.INTERDIGIT));
            if (c.phase() == CallPhase.DIAL_TONE) {
                fx.add(tell(new BridgeMessage.Tone(ToneType.OFF)));
            }
            fx.add(new CallEffect.SetDigits(n.number()));
            return place(n.number(), fx);
        }
        if (e instanceof CallEvent.Timeout t) {
            if (t.timer() == CallTimer.FIRST_DIGIT && c.phase() == CallPhase.DIAL_TONE) {
                return fail(c, CallPhase.CONGESTION, ToneType.REORDER, "No number dialled");
            }
            if (t.timer() == CallTimer.FIRST_DIGIT && c.digits().isEmpty()) {
                return fail(c, CallPhase.CONGESTION, ToneType.REORDER, "No number dialled");
            }
            if (t.timer() == CallTimer.INTERDIGIT && c.phase() == CallPhase.DIALING) {
                String dialled = c.digits();
                return place(dialled.endsWith("#") ? dialled.substring(0, dialled.length() - 1) : dialled,
                        new Effects());
            }
        }
        return Transition.stay(c);
    }

    /** The digit map's verdict on {@code digits}: place the call, wait for more, or refuse. */
    private static Transition evaluate(String digits, Rules rules, Transition sofar) {
        Effects fx = new Effects(sofar.effects());
        fx.add(new CallEffect.CancelTimer(CallTimer.INTERDIGIT));
        DigitMap.Match m = rules.digitMap().match(digits);
        return switch (m.result()) {
            case COMPLETE -> place(m.number(), fx);
            case COMPLETE_ON_TIMEOUT, PARTIAL -> fx.then(sofar.next(),
                    new CallEffect.StartTimer(CallTimer.INTERDIGIT, rules.interdigit()));
            case NO_MATCH -> failWith(fx, CallPhase.INVALID_NUMBER, ToneType.REORDER, "Invalid number");
        };
    }

    private static Transition evaluate(String digits, Rules rules, Effects fx) {
        return evaluate(digits, rules, fx.then(CallPhase.DIALING));
    }

    private static Transition place(String number, Effects fx) {
        if (number.isEmpty()) {
            return failWith(fx, CallPhase.INVALID_NUMBER, ToneType.REORDER, "Invalid number");
        }
        fx.add(new CallEffect.SetNumber(number));
        fx.showing(CallPhase.AWAITING_MEDIA);
        fx.add(new CallEffect.Remember(CallHistoryLog.Kind.PLACED), new CallEffect.RequestMedia());
        return fx.then(CallPhase.AWAITING_MEDIA);
    }

    // ---- outgoing ------------------------------------------------------------------------------

    private static Transition outgoing(CallView c, CallEvent e) {
        if (e instanceof CallEvent.MediaReady m && c.phase() == CallPhase.AWAITING_MEDIA) {
            Effects fx = new Effects();
            fx.add(new CallEffect.CancelTimer(CallTimer.MEDIA_INFO), new CallEffect.KeepPhoneMedia(m.media()),
                    new CallEffect.Invite());
            return fx.then(CallPhase.CALLING);
        }
        if (e instanceof CallEvent.Timeout t && t.timer() == CallTimer.MEDIA_INFO
                && c.phase() == CallPhase.AWAITING_MEDIA) {
            return fail(c, CallPhase.CONGESTION, ToneType.REORDER, "Phone media unavailable");
        }
        if (e instanceof CallEvent.Progress p && c.phase() != CallPhase.AWAITING_MEDIA) {
            Effects fx = new Effects();
            if (c.phase() != CallPhase.RINGING_OUT) {
                fx.showing(CallPhase.RINGING_OUT);
            }
            if (p.earlyMedia().isPresent()) {
                fx.add(tell(new BridgeMessage.Tone(ToneType.OFF)), new CallEffect.StartMedia(p.earlyMedia().get()));
            } else if (c.media().isEmpty()) {
                fx.add(tell(new BridgeMessage.Tone(ToneType.RING_BACK)));
            }
            if (c.referred()) {
                fx.add(new CallEffect.ReportToReferrer(p.status(), p.status() == 183 ? "Session Progress" : "Ringing"));
            }
            return fx.then(CallPhase.RINGING_OUT);
        }
        if (e instanceof CallEvent.Answered a && c.phase() != CallPhase.AWAITING_MEDIA) {
            Effects fx = new Effects();
            fx.add(new CallEffect.MarkAnswered(), tell(new BridgeMessage.Tone(ToneType.OFF)),
                    new CallEffect.StartMedia(a.media()));
            if (c.referred()) {
                fx.add(new CallEffect.ReportToReferrer(200, "OK"));
            }
            fx.showing(CallPhase.CONNECTED);
            return fx.then(CallPhase.CONNECTED);
        }
        if (e instanceof CallEvent.Failed f) {
            Effects fx = new Effects();
            if (c.referred()) {
                fx.add(new CallEffect.ReportToReferrer(f.status(), f.reason()));
            }
            return switch (f.status()) {
                case 486, 600 -> failWith(fx, CallPhase.BUSY, ToneType.BUSY, "Busy");
                case 404, 484, 604 -> failWith(fx, CallPhase.INVALID_NUMBER, ToneType.REORDER, "Invalid number");
                default -> failWith(fx, CallPhase.CONGESTION, ToneType.REORDER, f.status() + " " + f.reason());
            };
        }
        if (e instanceof CallEvent.Ended) {
            return new Effects().then(CallPhase.ENDED, new CallEffect.Finish());
        }
        return Transition.stay(c);
    }

    // ---- incoming ------------------------------------------------------------------------------

    private static Transition incoming(CallView c, CallEvent e) {
        if (e instanceof CallEvent.MediaReady m) {
            Effects fx = new Effects();
            fx.add(new CallEffect.CancelTimer(CallTimer.MEDIA_INFO), new CallEffect.KeepPhoneMedia(m.media()));
            if (c.phase() == CallPhase.ANSWERING) {
                fx.add(new CallEffect.AnswerSip());
            }
            return fx.then(c.phase());
        }
        if (e instanceof CallEvent.Answer && c.phase() == CallPhase.RINGING_IN) {
            Effects fx = new Effects();
            fx.add(new CallEffect.StopRinging(), new CallEffect.CancelTimer(CallTimer.NO_ANSWER),
                    new CallEffect.MarkAnswered(), new CallEffect.Remember(CallHistoryLog.Kind.RECEIVED),
                    new CallEffect.RequestMedia());
            return fx.then(CallPhase.ANSWERING);
        }
        if (e instanceof CallEvent.Answered a && c.phase() == CallPhase.ANSWERING) {
            Effects fx = new Effects();
            fx.add(new CallEffect.StartMedia(a.media()));
            fx.showing(CallPhase.CONNECTED);
            return fx.then(CallPhase.CONNECTED);
        }
        if (e instanceof CallEvent.Timeout t && t.timer() == CallTimer.MEDIA_INFO && c.phase() == CallPhase.ANSWERING) {
            Effects fx = new Effects();
            fx.add(new CallEffect.HangUpSip(), tell(Screen.display("Phone media unavailable", 5)));
            return fx.then(CallPhase.ENDED, new CallEffect.Finish());
        }
        if (e instanceof CallEvent.ForwardNoAnswer f && c.phase() == CallPhase.RINGING_IN) {
            Effects fx = new Effects();
            fx.add(new CallEffect.StopRinging(), new CallEffect.Redirect(f.target()),
                    new CallEffect.Remember(CallHistoryLog.Kind.MISSED));
            return fx.then(CallPhase.ENDED, new CallEffect.Finish());
        }
        if (e instanceof CallEvent.Failed || e instanceof CallEvent.Ended) {
            // Cancelled by the caller, or our answer refused (no common codec).
            Effects fx = new Effects();
            fx.add(new CallEffect.StopRinging());
            if (c.phase() == CallPhase.RINGING_IN) {
                fx.add(new CallEffect.Remember(CallHistoryLog.Kind.MISSED));
            }
            return fx.then(CallPhase.ENDED, new CallEffect.Finish());
        }
        return Transition.stay(c);
    }

    // ---- established ---------------------------------------------------------------------------

    private static Transition connected(CallView c, CallEvent e) {
        if (e instanceof CallEvent.Digit d) {
            return new Effects().then(CallPhase.CONNECTED, new CallEffect.SendDtmf(d.key()));
        }
        if (e instanceof CallEvent.Hold) {
            Effects fx = new Effects();
            fx.add(new CallEffect.StopMedia());
            fx.showing(CallPhase.HELD);
            fx.add(new CallEffect.Reoffer(MediaSession.MediaMode.SEND_ONLY));
            return fx.then(CallPhase.HELD);
        }
        if (e instanceof CallEvent.MediaChanged m) {
            // The far end holds, resumes or refreshes: the phone follows its direction.
            return new Effects().then(CallPhase.CONNECTED, new CallEffect.StartMedia(m.media()));
        }
        if (e instanceof CallEvent.Refer r) {
            return refer(r);
        }
        return established(c, e);
    }

    private static Transition held(CallView c, CallEvent e) {
        if (e instanceof CallEvent.Resume && c.phase() == CallPhase.HELD) {
            return new Effects().then(CallPhase.RESUMING, new CallEffect.Reoffer(MediaSession.MediaMode.SEND_RECV));
        }
        if (e instanceof CallEvent.MediaChanged m) {
            if (c.phase() == CallPhase.RESUMING && m.media().mode() != MediaSession.MediaMode.SEND_ONLY) {
                Effects fx = new Effects();
                fx.add(new CallEffect.StartMedia(m.media()));
                fx.showing(CallPhase.CONNECTED);
                return fx.then(CallPhase.CONNECTED);
            }
            return Transition.stay(c);
        }
        if (e instanceof CallEvent.ReofferFailed f) {
            if (c.phase() == CallPhase.RESUMING) {
                return new Effects().then(CallPhase.HELD, tell(Screen.display("Resume failed: "
                        + f.status() + " " + f.reason(), 5)));
            }
            // The far end refused the hold: the session stays as it was, so does the phone.
            Effects fx = new Effects();
            c.media().ifPresent(m -> fx.add(new CallEffect.StartMedia(m)));
            fx.showing(CallPhase.CONNECTED);
            fx.add(tell(Screen.display("Hold failed: " + f.status() + " " + f.reason(), 5)));
            return fx.then(CallPhase.CONNECTED);
        }
        if (e instanceof CallEvent.Refer r && c.phase() == CallPhase.HELD) {
            return refer(r);
        }
        return established(c, e);
    }

    /** What every established phase does alike: a take-over by Replaces, the far end's BYE. */
    private static Transition established(CallView c, CallEvent e) {
        if (e instanceof CallEvent.TakenOver t) {
            Effects fx = new Effects();
            fx.add(new CallEffect.StartMedia(t.media()));
            fx.showing(CallPhase.CONNECTED);
            return fx.then(CallPhase.CONNECTED);
        }
        if (e instanceof CallEvent.Ended || e instanceof CallEvent.Failed) {
            return new Effects().then(CallPhase.ENDED, new CallEffect.Finish());
        }
        return Transition.stay(c);
    }

    private static Transition refer(CallEvent.Refer r) {
        Effects fx = new Effects();
        fx.add(new CallEffect.StopMedia());
        CallPhase next = switch (r.purpose()) {
            case TRANSFER -> CallPhase.TRANSFERRING;
            case PARK -> CallPhase.PARKING;
            case CONFERENCE -> CallPhase.CONFERENCING;
        };
        fx.showing(next);
        fx.add(new CallEffect.Refer(r.target(), r.replacing()));
        return fx.then(next);
    }

    // ---- REFER sent: transfer, park, conference ------------------------------------------------

    private static Transition referring(CallView c, CallEvent e) {
        if (e instanceof CallEvent.ReferSucceeded s) {
            Effects fx = new Effects();
            fx.add(new CallEffect.HangUpSip(), tell(Screen.display(switch (c.phase()) {
                case TRANSFERRING -> "Transferred";
                case PARKING -> "Parked: " + s.text();
                default -> "Joined the conference";
            }, 5)));
            return fx.then(CallPhase.ENDED, new CallEffect.Finish());
        }
        if (e instanceof CallEvent.ReferFailed f) {
            Effects fx = new Effects();
            String what = switch (c.phase()) {
                case TRANSFERRING -> "Transfer failed";
                case PARKING -> "Park failed";
                default -> "Conference failed";
            };
            fx.add(tell(Screen.display(what + ": " + f.text(), 5)));
            if (c.phase() == CallPhase.PARKING) {
                // The call was connected before the park: it is again.
                c.media().ifPresent(m -> fx.add(new CallEffect.StartMedia(m)));
                fx.showing(CallPhase.CONNECTED);
                return fx.then(CallPhase.CONNECTED);
            }
            fx.showing(CallPhase.HELD);
            return fx.then(CallPhase.HELD);
        }
        if (e instanceof CallEvent.Ended || e instanceof CallEvent.Failed) {
            // The far end left while the REFER ran (it usually BYEs once its new call is up).
            Effects fx = new Effects();
            if (c.phase() == CallPhase.TRANSFERRING) {
                fx.add(tell(Screen.display("Transferred", 5)));
            }
            return fx.then(CallPhase.ENDED, new CallEffect.Finish());
        }
        return Transition.stay(c);
    }

    private static Transition failedCall(CallView c, CallEvent e) {
        // The tone plays until the phone hangs up (HangUp is handled above); the far end is gone.
        return Transition.stay(c);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Shows a failed call and keeps it until the phone hangs up (the phone plays the tone). */
    private static Transition fail(CallView c, CallPhase phase, ToneType tone, String text) {
        Effects fx = new Effects();
        if (c.hasSip()) {
            fx.add(new CallEffect.HangUpSip());
        }
        return failWith(fx, phase, tone, text);
    }

    private static Transition failWith(Effects fx, CallPhase phase, ToneType tone, String text) {
        fx.add(new CallEffect.CancelTimer(CallTimer.INTERDIGIT), new CallEffect.CancelTimer(CallTimer.FIRST_DIGIT),
                new CallEffect.CancelTimer(CallTimer.MEDIA_INFO), new CallEffect.StopMedia());
        fx.showing(phase);
        fx.add(tell(new BridgeMessage.Tone(tone)), tell(Screen.display(text, 0)));
        return fx.then(phase);
    }

    private static CallEffect tell(BridgeMessage m) {
        return new CallEffect.Tell(m);
    }

    /** Collects effects; {@link #showing} records a CallState for the phase the call moves to. */
    private static final class Effects {
        private final List<CallEffect> list;

        Effects() {
            this.list = new ArrayList<>();
        }

        Effects(List<CallEffect> start) {
            this.list = new ArrayList<>(start);
        }

        void add(CallEffect... effects) {
            list.addAll(List.of(effects));
        }

        /** Adds a CallState for {@code phase} here (the call is in {@code phase} when it is sent). */
        Transition showing(CallPhase phase) {
            list.add(new CallEffect.Show(phase));
            return new Transition(phase, List.copyOf(list));
        }

        Transition then(CallPhase next, CallEffect... last) {
            add(last);
            return new Transition(next, List.copyOf(list));
        }
    }
}
