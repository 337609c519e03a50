package org.sscpbridge.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MailboxStatus;
import org.sscpbridge.call.MessageWaiting;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.LampMode;

class MessageWaitingLampTest {
    private final Map<String, Consumer<MailboxStatus>> listeners = new HashMap<>();
    private final List<String> cancelled = new ArrayList<>();
    private MessageWaiting.UnsolicitedHandler unsolicited;
    private final MessageWaiting port = new MessageWaiting() {
        @Override
        public Subscription subscribe(LineAccount line, Consumer<MailboxStatus> listener) {
            listeners.put(line.number(), listener);
            return () -> cancelled.add(line.number());
        }

        @Override
        public void onUnsolicited(UnsolicitedHandler handler) {
            unsolicited = handler;
        }
    };
    private final List<BridgeMessage> shown = new ArrayList<>();
    private static final List<DeviceConfig.Line> LINES = List.of(new DeviceConfig.Line(1, "3001", null, "pw", "A"),
            new DeviceConfig.Line(2, "3002", null, "pw", "B"));

    private MessageWaitingLamp started(MessageWaitingLamps lamps) {
        MessageWaitingLamp lamp = lamps.of("SEP1");
        lamp.attach(Runnable::run, shown::add);
        lamp.linesStarted(LINES);
        return lamp;
    }

    private static BridgeMessage.Lamp lamp(LampMode mode, int n, int o) {
        return new BridgeMessage.Lamp(org.sscpbridge.sscp.message.LampType.MESSAGE_WAITING, mode,
                new BridgeMessage.MessageCounts(n, o));
    }

    @Test
    void onWhenAnyLineWaitsCountsSummedSentOnlyOnChange() {
        MessageWaitingLamps lamps = new MessageWaitingLamps(n -> Optional.empty());
        lamps.use(port);
        started(lamps);
        assertEquals(List.of("3001", "3002"), List.copyOf(new java.util.TreeSet<>(listeners.keySet())));
        listeners.get("3001").accept(new MailboxStatus(true, 2, 5));
        listeners.get("3002").accept(new MailboxStatus(false, 0, 1));
        listeners.get("3002").accept(new MailboxStatus(false, 0, 1));
        listeners.get("3001").accept(new MailboxStatus(false, 0, 7));
        assertEquals(List.of(lamp(LampMode.ON, 2, 5), lamp(LampMode.ON, 2, 6), lamp(LampMode.OFF, 0, 8)), shown);
    }

    @Test
    void stateOutlivesTheSessionAndIsShownAgainOnRegister() {
        MessageWaitingLamps lamps = new MessageWaitingLamps(n -> Optional.empty());
        lamps.use(port);
        MessageWaitingLamp lamp = started(lamps);
        lamp.phoneRegistered();
        assertTrue(shown.isEmpty(), "nothing known, nothing shown");
        listeners.get("3002").accept(new MailboxStatus(true, 1, 0));
        lamp.linesStopped();
        assertEquals(List.of("3001", "3002"), cancelled);
        shown.clear();
        MessageWaitingLamp again = lamps.of("SEP1");
        List<BridgeMessage> second = new ArrayList<>();
        again.attach(Runnable::run, second::add);
        again.phoneRegistered();
        assertEquals(List.of(lamp(LampMode.ON, 1, 0)), second);
        assertTrue(shown.isEmpty());
    }

    @Test
    void unsolicitedGoesToTheDeviceThatHasTheLine() {
        MessageWaitingLamps lamps = new MessageWaitingLamps(n -> n.startsWith("300") ? Optional.of("SEP1")
                : Optional.empty());
        lamps.use(port);
        started(lamps);
        assertTrue(unsolicited.onNotify("3002", new MailboxStatus(true, 4, 0)));
        assertFalse(unsolicited.onNotify("4000", new MailboxStatus(true, 4, 0)));
        assertFalse(unsolicited.onNotify("3009", new MailboxStatus(true, 4, 0)), "not a line of that device");
        assertEquals(List.of(lamp(LampMode.ON, 4, 0)), shown);
    }

    @Test
    void aNewPortResubscribesRunningLines() {
        MessageWaitingLamps lamps = new MessageWaitingLamps(n -> Optional.empty());
        lamps.use(MessageWaiting.NONE);
        started(lamps);
        assertTrue(listeners.isEmpty());
        lamps.use(port);
        assertEquals(2, listeners.size());
    }
}
