package org.sscpbridge.phone;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.SscpMessage;

/**
 * {@code sscp:debug DEVICE on|off}: the devices whose SSCP messages are logged decoded, in and out,
 * one line each naming the device, the direction, the seq and the message, on logger
 * {@value #LOGGER} at info. Off for every device by default; the check on the receive and send
 * paths is one volatile read while no device is on, a hash lookup otherwise.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class DeviceDebug {
    public static final String LOGGER = "org.sscpbridge.sscp.debug";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** Longest message text logged; records of long phone book pages are cut. */
    private static final int MAX_TEXT = 2_000;

    private final Set<String> devices = ConcurrentHashMap.newKeySet();
    private volatile boolean any;

    /** Switches logging of {@code deviceId}'s messages; returns whether it was on before. */
    public boolean set(String deviceId, boolean on) {
        boolean was = on ? !devices.add(deviceId) : devices.remove(deviceId);
        any = !devices.isEmpty();
        return was;
    }

    /** Whether any device is on: the one check the hot path makes while debugging is off. */
    public boolean any() {
        return any;
    }

    public boolean isOn(String deviceId) {
        return any && deviceId != null && devices.contains(deviceId);
    }

    /** The devices switched on, sorted. */
    public List<String> devices() {
        return devices.stream().sorted().toList();
    }

    /** Logs a message received from {@code deviceId}. */
    void in(String deviceId, InetSocketAddress from, Frame frame) {
        LOG.info("phone {} sscp in  from {} seq={}: {}", deviceId, from, seq(frame.seq()), text(frame.message()));
    }

    /** Logs a message sent to {@code deviceId}; {@code seq} is {@link Frame#NO_SEQ} for none. */
    void out(String deviceId, InetSocketAddress to, long seq, SscpMessage message) {
        LOG.info("phone {} sscp out to {} seq={}: {}", deviceId, to, seq(seq), text(message));
    }

    private static String seq(long seq) {
        return seq == Frame.NO_SEQ ? "-" : Long.toString(seq);
    }

    /** The record's own text, control characters escaped: one log line per message, whatever the phone sent. */
    static String text(Object message) {
        String s = String.valueOf(message);
        StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_TEXT) + 16);
        for (int i = 0; i < s.length() && i < MAX_TEXT; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\u%04X", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX_TEXT) {
            b.append("...");
        }
        return b.toString();
    }
}
