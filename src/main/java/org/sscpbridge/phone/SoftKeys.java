package org.sscpbridge.phone;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.SoftKey;

/**
 * The soft keys of SPEC §6: which call a key means, and what it asks of that call (and of the
 * others: a connected call is held before another takes the handset; a transfer or conference
 * acts on a held call and its consultation). The calls themselves change only through
 * {@link CallControl#dispatch}. Runs on the phone's thread only.
 */
final class SoftKeys {
    /** Display time for a key's answer, seconds. */
    private static final int NOTE = 5;

    private final CallControl control;
    private final CallControl.Phone phone;
    private final ForwardPrompt prompt;

    SoftKeys(CallControl control, CallControl.Phone phone, ForwardPrompt prompt) {
        this.control = control;
        this.phone = phone;
        this.prompt = prompt;
    }

    void press(SoftKey key, CallId callId, Integer group) {
        Optional<PhoneCall> target = control.selected(callId);
        switch (key) {
            case REDIAL -> {
                List<CallHistoryLog.Entry> placed = phone.history().query(CallHistoryLog.Kind.PLACED, 1);
                if (placed.isEmpty()) {
                    notApplicable(key, "nothing to redial");
                } else {
                    control.dial(placed.get(0).number(), null);
                }
            }
            case NEW_CALL -> newCallKey(key);
            case HOLD -> target.filter(c -> c.phase == CallPhase.CONNECTED)
                    .ifPresentOrElse(c -> control.dispatch(c, new CallEvent.Hold()), () -> notApplicable(key, "no connected call"));
            case RESUME -> control.byId(callId).or(() -> control.held(null)).filter(c -> c.phase == CallPhase.HELD)
                    .ifPresentOrElse(this::resume, () -> notApplicable(key, "no call on hold"));
            case TRANSFER -> transferKey(key, target, PhoneCall.Consult.TRANSFER);
            case CONFERENCE -> {
                if (phone.features().conferenceUri().isBlank()) {
                    phone.send(Screen.display("Conference not configured", NOTE));
                } else {
                    transferKey(key, target, PhoneCall.Consult.CONFERENCE);
                }
            }
            case JOIN -> join(key, target);
            case PARK -> target.filter(c -> c.phase == CallPhase.CONNECTED || c.phase == CallPhase.HELD)
                    .ifPresentOrElse(c -> referTo(key, c, CallEvent.ReferPurpose.PARK, phone.features().park()),
                            () -> notApplicable(key, "no connected call"));
            case MEET_ME_CONFERENCE -> featureCall(key, phone.features().meetme());
            case CALL_PICK_UP -> featureCall(key, phone.features().pickup());
            case GROUP_CALL_PICK_UP -> {
                if (group == null) {
                    notApplicable(key, "no pickup group");
                } else {
                    featureCall(key, phone.features().pickup() + group);
                }
            }
            case PLAY -> featureCall(key, phone.features().voicemail());
            case CFWD_ALL -> prompt.key(Forwards.Kind.ALL, control.onHandset().isPresent() || control.ringing().isPresent());
            case CFWD_BUSY -> prompt.key(Forwards.Kind.BUSY, control.onHandset().isPresent() || control.ringing().isPresent());
            case CFWD_NO_ANSWER -> prompt.key(Forwards.Kind.NO_ANSWER, control.onHandset().isPresent() || control.ringing().isPresent());
            case BACK_SPACE -> {
                if (prompt.active()) {
                    prompt.backSpace();
                } else {
                    target.filter(c -> c.phase == CallPhase.DIALING && !c.digits.isEmpty())
                            .ifPresentOrElse(c -> control.dispatch(c, new CallEvent.BackSpace()),
                                    () -> notApplicable(key, "no digit to remove"));
                }
            }
            case END_CALL -> {
                if (prompt.active()) {
                    prompt.cancel();
                } else {
                    target.ifPresentOrElse(c -> control.dispatch(c, new CallEvent.HangUp()), () -> notApplicable(key, "no call"));
                }
            }
            case ANSWER -> control.byId(callId).filter(c -> c.phase == CallPhase.RINGING_IN).or(control::ringing)
                    .ifPresentOrElse(control::answer, () -> notApplicable(key, "no ringing call"));
            case INFO -> target.ifPresentOrElse(c -> phone.send(Screen.display(info(c), 10)),
                    () -> notApplicable(key, "no call"));
            case STORE -> target.filter(c -> !c.number.isEmpty()).ifPresentOrElse(this::store,
                    () -> notApplicable(key, "no far party to store"));
            case DELETE -> {
                phone.history().clear(CallHistoryLog.Kind.MISSED);
                phone.send(Screen.display("Missed calls cleared", NOTE));
            }
        }
    }

    private void notApplicable(SoftKey key, String why) {
        phone.send(Screen.display(key.label() + ": " + why, NOTE));
    }

    private void newCallKey(SoftKey key) {
        Optional<PhoneCall> cur = control.onHandset();
        if (cur.isPresent()) {
            if (!cur.get().phase.established()) {
                notApplicable(key, "finish this call first");
                return;
            }
            control.dispatch(cur.get(), new CallEvent.Hold());
        }
        if (prompt.active()) {
            prompt.cancel();
        }
        control.newCall(null);
    }

    private void resume(PhoneCall c) {
        control.onHandset().filter(o -> o != c).ifPresent(other -> control.dispatch(other,
                other.phase == CallPhase.CONNECTED ? new CallEvent.Hold() : new CallEvent.HangUp()));
        control.dispatch(c, new CallEvent.Resume());
    }

    /**
     * Trnsfer and Confrm: the first press on a connected call holds it and opens a consultation call;
     * the second (on either call) hands the held far end over: blind while the consultation rings,
     * attended once it is answered; a conference once it is answered.
     */
    private void transferKey(SoftKey key, Optional<PhoneCall> target, PhoneCall.Consult kind) {
        Optional<PhoneCall> consult = target.filter(c -> c.consultFor != null)
                .or(() -> target.flatMap(t -> control.calls().stream().filter(c -> c.consultFor == t).findFirst()));
        if (consult.isPresent()) {
            secondPress(key, consult.get(), kind);
            return;
        }
        Optional<PhoneCall> connected = target.filter(c -> c.phase == CallPhase.CONNECTED);
        if (connected.isEmpty()) {
            notApplicable(key, "no connected call");
            return;
        }
        control.dispatch(connected.get(), new CallEvent.Hold());
        control.newCall(connected.get().line, true).ifPresent(c -> {
            c.consultFor = connected.get();
            c.consult = kind;
            phone.send(Screen.display(kind == PhoneCall.Consult.TRANSFER ? "Transfer to:" : "Conference with:", 0));
        });
    }

    private void secondPress(SoftKey key, PhoneCall consult, PhoneCall.Consult kind) {
        PhoneCall original = consult.consultFor;
        if (!control.calls().contains(original) || (original.phase != CallPhase.HELD)) {
            notApplicable(key, "the held call is gone");
            return;
        }
        if (kind == PhoneCall.Consult.CONFERENCE) {
            if (consult.phase != CallPhase.CONNECTED) {
                notApplicable(key, "wait for the answer");
                return;
            }
            conference(original, consult);
            return;
        }
        switch (consult.phase) {
            case AWAITING_MEDIA, CALLING, RINGING_OUT -> {
                String number = consult.number;
                control.dispatch(consult, new CallEvent.HangUp());
                referTo(key, original, CallEvent.ReferPurpose.TRANSFER, number);
            }
            case CONNECTED -> {
                // The consultation stays up: its far end gets the Replaces and BYEs it.
                control.dispatch(original, new CallEvent.Refer(CallEvent.ReferPurpose.TRANSFER, consult.number,
                        Optional.of(consult)));
            }
            default -> notApplicable(key, "dial the number first");
        }
    }

    private void join(SoftKey key, Optional<PhoneCall> target) {
        if (phone.features().conferenceUri().isBlank()) {
            phone.send(Screen.display("Conference not configured", NOTE));
            return;
        }
        Optional<PhoneCall> connected = target.filter(c -> c.phase == CallPhase.CONNECTED);
        Optional<PhoneCall> other = connected.flatMap(control::held);
        if (connected.isEmpty() || other.isEmpty()) {
            notApplicable(key, "needs a connected and a held call");
            return;
        }
        conference(other.get(), connected.get());
    }

    /**
     * The phone calls the conference bridge from its line, and both far ends are REFERred there;
     * each far end's call ends once it has joined.
     */
    private void conference(PhoneCall held, PhoneCall connected) {
        String uri = phone.features().conferenceUri();
        control.dispatch(connected, new CallEvent.Refer(CallEvent.ReferPurpose.CONFERENCE, uri, Optional.empty()));
        control.dispatch(held, new CallEvent.Refer(CallEvent.ReferPurpose.CONFERENCE, uri, Optional.empty()));
        control.newCall(held.line, false).ifPresent(leg -> {
            leg.conferenceLeg = true;
            control.dispatch(leg, new CallEvent.DialNumber(uri));
        });
    }

    private void referTo(SoftKey key, PhoneCall c, CallEvent.ReferPurpose purpose, String target) {
        if (target == null || target.isBlank()) {
            notApplicable(key, "number not configured");
            return;
        }
        control.dispatch(c, new CallEvent.Refer(purpose, target, Optional.empty()));
    }

    /** A soft key that calls a PBX number: like NewCall followed by dialling it. */
    void featureCall(SoftKey key, String number) {
        if (number == null || number.isBlank()) {
            notApplicable(key, "number not configured");
            return;
        }
        control.dial(number, null);
    }

    private String info(PhoneCall c) {
        StringBuilder s = new StringBuilder(c.number.isEmpty() ? "-" : c.number);
        if (!c.name.isEmpty()) {
            s.append(' ').append(c.name);
        }
        if (c.media != null) {
            s.append(' ').append(c.media.codec());
        }
        if (c.answeredAt != null) {
            long secs = Duration.between(c.answeredAt, phone.scheduler().now()).toSeconds();
            s.append(String.format(" %d:%02d", secs / 60, secs % 60));
        }
        if (c.sip != null) {
            s.append(' ').append(c.sip.sipCallId());
        }
        return s.toString();
    }

    /** The far party goes into the device's personal phone book; the phone is told once it is stored. */
    private void store(PhoneCall c) {
        String number = c.number;
        phone.phoneBook().storePersonal(phone.deviceId(), null, c.name.isEmpty() ? null : c.name, null, number)
                .whenCompleteAsync((stored, failure) -> phone.send(Screen.display(
                        failure == null ? "Stored" : "Not stored: " + rootMessage(failure), NOTE)), phone.events());
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

}
