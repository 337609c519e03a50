package org.sscpbridge.store;

import java.util.Map;
import java.util.Optional;

/** Call forwards (SPEC §2 message 10, soft keys 5–7, {@code sscp:forward}), per device and line. Durable. */
public interface ForwardStore {

    enum Kind { ALL, BUSY, NO_ANSWER }

    /** The device's forwards on {@code line} (1-based), by kind. */
    Map<Kind, String> forwards(String device, int line);

    /** Sets {@code kind} on the device's {@code line} to {@code target}, or cancels it when empty. */
    void set(String device, int line, Kind kind, Optional<String> target);
}
