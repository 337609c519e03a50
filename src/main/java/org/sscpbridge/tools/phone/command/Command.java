package org.sscpbridge.tools.phone.command;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage.HistoryRequest;
import org.sscpbridge.sscp.message.SoftKey;

/**
 * One line of the simulator's command language, parsed ({@link CommandParser}). The same commands
 * work interactively and in scripts; {@link Expect}, {@link ExpectRtp} and {@link Sleep} are
 * meant for scripts.
 */
public sealed interface Command {

    /** Things the simulated phone does (press keys, lift the handset, ...). */
    sealed interface PhoneAction extends Command {
    }

    record Register() implements PhoneAction {
    }

    record Unregister() implements PhoneAction {
    }

    /** Lift the handset, on {@code line} or (null) the bridge's choice. */
    record OffHook(Integer line) implements PhoneAction {
    }

    record OnHook(Integer line) implements PhoneAction {
    }

    /** En-bloc dialling. */
    record Dial(String number, Integer line) implements PhoneAction {
    }

    /** Key presses, one Digit message per key. */
    record Digits(String keys) implements PhoneAction {
        public Digits {
            if (keys.isEmpty()) {
                throw new IllegalArgumentException("no keys");
            }
        }
    }

    record PressSoftKey(SoftKey key) implements PhoneAction {
        public PressSoftKey {
            Objects.requireNonNull(key, "key");
        }
    }

    record SpeedDial(int index) implements PhoneAction {
    }

    /** Set the forward of {@code type} to {@code number}; null number cancels it. */
    record Forward(ForwardType type, String number) implements PhoneAction {
    }

    record PhoneBook(PhoneBookAction action, PhoneBookEntry user) implements PhoneAction {
    }

    record History(HistoryRequest request) implements PhoneAction {
    }

    record Headset(OnOff mode) implements PhoneAction {
    }

    record Dnd(OnOff mode) implements PhoneAction {
    }

    /** Call the voice mail pilot for {@code mailbox} or (null) the line's own. */
    record VoiceMail(String mailbox) implements PhoneAction {
    }

    record Layout() implements PhoneAction {
    }

    /** Print the whole screen. */
    record Show() implements Command {
    }

    /** Print the RTP counters. */
    record Rtp() implements Command {
    }

    record Help() implements Command {
    }

    record Quit() implements Command {
    }

    /** Wait for a received message called {@code messageName} whose fields satisfy every condition. */
    record Expect(String messageName, List<FieldCondition> conditions, Duration within) implements Command {
        public Expect {
            conditions = List.copyOf(conditions);
        }
    }

    /** Wait until the RTP counters satisfy every condition. */
    record ExpectRtp(List<FieldCondition> conditions, Duration within) implements Command {
        public ExpectRtp {
            conditions = List.copyOf(conditions);
        }
    }

    record Sleep(Duration duration) implements Command {
    }
}
