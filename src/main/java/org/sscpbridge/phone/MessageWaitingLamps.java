package org.sscpbridge.phone;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.sscpbridge.call.MailboxStatus;
import org.sscpbridge.call.MessageWaiting;

/**
 * The message waiting lamps of every device the SSCP server has seen, by device id (they outlive a
 * phone's session, like forwards), the MWI port they subscribe through, and the unsolicited
 * NOTIFYs, which go to the registered phone that has the line. Thread-safe.
 */
public final class MessageWaitingLamps {
    private final Map<String, MessageWaitingLamp> byDevice = new ConcurrentHashMap<>();
    private final Function<String, Optional<String>> deviceOfLine;
    private volatile MessageWaiting port = MessageWaiting.NONE;

    /** {@code deviceOfLine}: the registered device that has a line number. */
    public MessageWaitingLamps(Function<String, Optional<String>> deviceOfLine) {
        this.deviceOfLine = deviceOfLine;
    }

    /** The lamp of {@code deviceId}, created on first use. */
    public MessageWaitingLamp of(String deviceId) {
        return byDevice.computeIfAbsent(deviceId, id -> new MessageWaitingLamp(id, port));
    }

    /** Subscribes from now on through {@code next}; lines running now subscribe anew through it. */
    public synchronized void use(MessageWaiting next) {
        port = next;
        next.onUnsolicited(this::onUnsolicited);
        byDevice.values().forEach(l -> l.use(next));
    }

    /** An unsolicited NOTIFY for {@code line}: false when no registered phone has it. */
    boolean onUnsolicited(String line, MailboxStatus status) {
        Optional<String> device = deviceOfLine.apply(line);
        return device.isPresent() && of(device.get()).update(line, status);
    }
}
