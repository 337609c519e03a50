package org.sscpbridge.phone;

import java.util.Optional;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.ToneType;
import org.sscpbridge.time.Scheduler;

/**
 * The CFwdAll / CFwdBusy / CFwdNoAnswer keys (SPEC §6): with the forward off, a press gives dial
 * tone and "Forward ... to:"; digits are collected until the digit map (or {@code #}, or the
 * inter-digit timeout) completes a number, which becomes the forward. With the forward on, a press
 * cancels it. Either way the phone gets ForwardStatus. Runs on the phone's thread only.
 */
final class ForwardPrompt {
    private final CallControl.Phone phone;
    private Forwards.Kind kind;
    private String digits = "";
    private Scheduler.Cancellable timer;

    ForwardPrompt(CallControl.Phone phone) {
        this.phone = phone;
    }

    boolean active() {
        return kind != null;
    }

    /** A forward key; {@code inCall}: the phone is busy, so only cancelling is possible. */
    void key(Forwards.Kind pressed, boolean inCall) {
        int line = phone.selectedLine();
        if (phone.forwards().target(line, pressed).isPresent()) {
            stored(line, pressed, Optional.empty(), "Forward " + label(pressed) + " off");
            return;
        }
        if (inCall) {
            phone.send(Screen.display("Forward " + label(pressed) + ": hang up first", 5));
            return;
        }
        cancelQuietly();
        kind = pressed;
        digits = "";
        phone.send(new BridgeMessage.Tone(ToneType.DIAL));
        phone.send(Screen.display("Forward " + label(pressed) + " to:", 0));
    }

    void digit(char key) {
        if (digits.isEmpty()) {
            phone.send(new BridgeMessage.Tone(ToneType.OFF));
        }
        digits += key;
        evaluate();
    }

    void backSpace() {
        if (!digits.isEmpty()) {
            digits = digits.substring(0, digits.length() - 1);
            evaluate();
        }
    }

    /** OnHook / EndCall during the prompt: nothing changes. */
    void cancel() {
        Forwards.Kind was = kind;
        cancelQuietly();
        if (was != null) {
            phone.send(new BridgeMessage.Tone(ToneType.OFF));
            phone.send(Screen.display("", 0));
        }
    }

    void cancelQuietly() {
        stopTimer();
        kind = null;
        digits = "";
    }

    private void evaluate() {
        stopTimer();
        phone.send(Screen.display("Forward " + label(kind) + " to: " + digits, 0));
        if (digits.isEmpty()) {
            return;
        }
        DigitMap.Match m = phone.digitMap().match(digits);
        switch (m.result()) {
            case COMPLETE -> complete(m.number());
            case COMPLETE_ON_TIMEOUT, PARTIAL -> {
                Forwards.Kind waiting = kind;
                timer = phone.scheduler().schedule(phone.interdigit(), () -> phone.events().execute(() -> {
                    if (kind == waiting && !digits.isEmpty()) {
                        complete(digits.endsWith("#") ? digits.substring(0, digits.length() - 1) : digits);
                    }
                }));
            }
            case NO_MATCH -> {
                phone.send(new BridgeMessage.Tone(ToneType.REORDER));
                phone.send(Screen.display("Invalid number", 5));
                cancelQuietly();
            }
        }
    }

    private void complete(String number) {
        Forwards.Kind k = kind;
        cancelQuietly();
        if (number.isEmpty()) {
            phone.send(Screen.display("Invalid number", 5));
            return;
        }
        Optional<String> loop = phone.forwardLoop(k, number);
        if (loop.isPresent()) {
            phone.send(new BridgeMessage.Tone(ToneType.REORDER));
            phone.send(Screen.display("Forward loop: " + loop.get(), 5));
            return;
        }
        stored(phone.selectedLine(), k, Optional.of(number), "Forward " + label(k) + " to " + number);
    }

    /** Sets or cancels the forward; the phone gets ForwardStatus and {@code done} once it is stored. */
    private void stored(int line, Forwards.Kind kind, Optional<String> number, String done) {
        phone.forwards().set(line, kind, number).whenCompleteAsync((ok, failure) -> {
            if (failure != null) {
                phone.send(Screen.display("Forward not stored", 5));
                return;
            }
            phone.send(FeatureRequests.forwardStatus(phone.forwards(), line));
            phone.send(Screen.display(done, 5));
        }, phone.events());
    }

    private void stopTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    static String label(Forwards.Kind kind) {
        return switch (kind) {
            case ALL -> "all";
            case BUSY -> "busy";
            case NO_ANSWER -> "no answer";
        };
    }
}
