package org.sscpbridge.phone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MailboxStatus;
import org.sscpbridge.call.MessageWaiting;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.LampMode;
import org.sscpbridge.sscp.message.LampType;

/**
 * One device's message waiting lamp (SPEC §6): a subscription per line while the phone's lines run,
 * the last mailbox state per line (kept across the phone's sessions, in memory), and the Lamp the
 * phone is shown: On when any line has messages waiting, with the new and old counts summed over the
 * lines; sent when that changes and again after every (re-)registration. Thread-safe: SIP threads
 * report states, the session's thread starts and stops lines; the phone is reached through the
 * sink the current session gave, which queues onto the session's own thread.
 */
public final class MessageWaitingLamp {
    private final String deviceId;
    private MessageWaiting port;
    private List<DeviceConfig.Line> lines = List.of();
    private final List<MessageWaiting.Subscription> subscriptions = new ArrayList<>();
    private final Map<String, MailboxStatus> byLine = new LinkedHashMap<>();
    private Consumer<BridgeMessage> phone = m -> { };
    /** Where subscriptions' reports are handed over (never taken under a SIP lock: no lock order to keep). */
    private Executor events = Runnable::run;
    /** What the phone was last shown; null before anything was known. */
    private BridgeMessage.Lamp shown;

    MessageWaitingLamp(String deviceId, MessageWaiting port) {
        this.deviceId = deviceId;
        this.port = port;
    }

    public String deviceId() {
        return deviceId;
    }

    /**
     * The session now serving this device: subscriptions report on {@code events} (the session's
     * serial executor), Lamps go to {@code sink} from now on.
     */
    synchronized void attach(Executor events, Consumer<BridgeMessage> sink) {
        this.events = events;
        this.phone = sink;
    }

    /** The phone's lines run: each subscribes to its mailbox; states of lines it no longer has are dropped. */
    synchronized void linesStarted(List<DeviceConfig.Line> started) {
        cancelAll();
        lines = List.copyOf(started);
        byLine.keySet().retainAll(started.stream().map(DeviceConfig.Line::number).toList());
        subscribeAll();
    }

    /** The phone's lines stop (phone gone, reload, disable): every subscription ends; states are kept. */
    synchronized void linesStopped() {
        cancelAll();
        lines = List.of();
    }

    /** The phone (re-)registered: show it the lamp as last known. */
    synchronized void phoneRegistered() {
        if (!byLine.isEmpty()) {
            shown = lamp();
            phone.accept(shown);
        }
    }

    /** A line's mailbox changed (subscription or unsolicited NOTIFY); false if the device has no such line. */
    synchronized boolean update(String line, MailboxStatus status) {
        if (lines.stream().noneMatch(l -> l.number().equals(line))) {
            return false;
        }
        byLine.put(line, status);
        BridgeMessage.Lamp now = lamp();
        if (!now.equals(shown)) {
            shown = now;
            phone.accept(now);
        }
        return true;
    }

    /** The SIP side was replaced (or its MWI settings changed): running lines subscribe through {@code next}. */
    synchronized void use(MessageWaiting next) {
        port = next;
        if (!lines.isEmpty()) {
            cancelAll();
            subscribeAll();
        }
    }

    /** The Lamp for the states known now. */
    synchronized BridgeMessage.Lamp lamp() {
        boolean waiting = byLine.values().stream().anyMatch(MailboxStatus::waiting);
        int newCount = byLine.values().stream().mapToInt(MailboxStatus::newMessages).sum();
        int oldCount = byLine.values().stream().mapToInt(MailboxStatus::oldMessages).sum();
        return new BridgeMessage.Lamp(LampType.MESSAGE_WAITING, waiting ? LampMode.ON : LampMode.OFF,
                new BridgeMessage.MessageCounts(newCount, oldCount));
    }

    private void subscribeAll() {
        for (DeviceConfig.Line l : lines) {
            LineAccount account = new LineAccount(l.number(), l.user(), l.password(), l.name());
            Executor handOver = events;
            subscriptions.add(port.subscribe(account, status -> handOver.execute(() -> update(l.number(), status))));
        }
    }

    private void cancelAll() {
        subscriptions.forEach(MessageWaiting.Subscription::cancel);
        subscriptions.clear();
    }
}
