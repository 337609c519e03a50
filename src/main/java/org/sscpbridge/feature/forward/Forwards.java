package org.sscpbridge.feature.forward;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * One device's call forwards: at most one target per kind. Thread-safe: the phone and the console
 * both set them.
 */
public final class Forwards {
    /** When a forward applies. */
    public enum Kind { ALL, BUSY, NO_ANSWER }

    private final Map<Kind, String> targets = new EnumMap<>(Kind.class);

    /** Sets the target of {@code kind}, or cancels it when {@code number} is empty. */
    public synchronized void set(Kind kind, Optional<String> number) {
        if (number.isPresent()) {
            targets.put(kind, number.get());
        } else {
            targets.remove(kind);
        }
    }

    public synchronized Optional<String> target(Kind kind) {
        return Optional.ofNullable(targets.get(kind));
    }
}
