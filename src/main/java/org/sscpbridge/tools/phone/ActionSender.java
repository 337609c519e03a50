package org.sscpbridge.tools.phone;

import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.tools.phone.command.Command;

/**
 * Turns what the user does on the phone ({@link Command.PhoneAction}) into the messages a phone
 * sends, filling in what a phone knows by itself: the call a soft key or mid-call digit applies
 * to, the hook and headset state.
 *
 * <p>Thread-safety: not thread-safe; confined to the phone's executor.
 */
final class ActionSender {
    private final PhoneScreen screen;
    private final RegistrationClient registration;
    private final PhoneEvents events;
    private BridgeLink link;

    ActionSender(PhoneScreen screen, RegistrationClient registration, PhoneEvents events) {
        this.screen = screen;
        this.registration = registration;
        this.events = events;
    }

    void attach(BridgeLink bridgeLink) {
        this.link = bridgeLink;
    }

    void perform(Command.PhoneAction action) {
        if (action instanceof Command.Register) {
            registration.register();
        } else if (action instanceof Command.Unregister) {
            registration.unregister();
        } else if (action instanceof Command.OffHook a) {
            screen.hook(true);
            link.send(new PhoneMessage.OffHook(a.line()));
        } else if (action instanceof Command.OnHook a) {
            screen.hook(false);
            link.send(new PhoneMessage.OnHook(a.line()));
        } else if (action instanceof Command.Dial a) {
            link.send(new PhoneMessage.Dial(a.number(), a.line()));
        } else if (action instanceof Command.Digits a) {
            CallId midCall = midCallTarget();
            for (char key : a.keys().toCharArray()) {
                link.send(new PhoneMessage.Digit(key, midCall));
            }
        } else if (action instanceof Command.PressSoftKey a) {
            link.send(new PhoneMessage.SoftKeyEvent(a.key(), softKeyTarget(a.key()), null));
        } else if (action instanceof Command.SpeedDial a) {
            link.send(new PhoneMessage.SpeedDial(a.index()));
        } else if (action instanceof Command.Forward a) {
            link.send(new PhoneMessage.Forward(a.type(), a.number()));
        } else if (action instanceof Command.PhoneBook a) {
            link.send(new PhoneMessage.PhoneBook(a.action(), a.user()));
        } else if (action instanceof Command.History a) {
            link.send(new PhoneMessage.CallHistory(a.request()));
        } else if (action instanceof Command.Headset a) {
            screen.headset(a.mode());
            link.send(new PhoneMessage.HeadsetStatus(a.mode()));
        } else if (action instanceof Command.Dnd a) {
            screen.dnd(a.mode());
            link.send(new PhoneMessage.PhoneStatus(null, a.mode(), null));
        } else if (action instanceof Command.VoiceMail a) {
            link.send(new PhoneMessage.VoiceMail(a.mailbox()));
        } else if (action instanceof Command.Layout) {
            link.send(new PhoneMessage.LayoutRequest());
        } else {
            throw new IllegalArgumentException("not a phone action: " + action);
        }
        events.screenChanged();
    }

    /** Digits during a call are DTMF for that call (SPEC §2 Digit); while dialling they have no call id. */
    private CallId midCallTarget() {
        CallView call = screen.currentCall();
        if (call == null) {
            return null;
        }
        CallStateName s = call.state();
        return s == CallStateName.CONNECTED || s == CallStateName.HOLD || s == CallStateName.CONFERENCE ? call.callId() : null;
    }

    /** Answer applies to the ringing call; other keys to the call on screen; none on an idle phone. */
    private CallId softKeyTarget(SoftKey key) {
        CallView ringing = screen.ringingCall();
        if (key == SoftKey.ANSWER && ringing != null) {
            return ringing.callId();
        }
        CallView current = screen.currentCall();
        return current == null ? null : current.callId();
    }
}
