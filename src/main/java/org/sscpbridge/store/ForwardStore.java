package org.sscpbridge.store;

import java.util.Map;
import java.util.Optional;

/** Call forwards (SPEC §2 message 10, soft keys 5–7, {@code sscp:forward}), per device and line. Durable. */
public interface ForwardStore {

    enum Kind { ALL, BUSY, NO_ANSWER }

    /**
     * The device's forwards, by line (1-based) and kind; lines without any are absent. One read for
     * every line: a phone's registration reads it once.
     */
    Map<Integer, Map<Kind, String>> forwards(String device);

    /** Sets {@code kind} on the device's {@code line} to {@code target}, or cancels it when empty. */
    void set(String device, int line, Kind kind, Optional<String> target);
}
