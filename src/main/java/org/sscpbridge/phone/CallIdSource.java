package org.sscpbridge.phone;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.sscpbridge.sscp.message.CallId;

/**
 * Call identifiers (SPEC §4): 8 decimal digits, assigned by the bridge, unique while the call
 * lives. A counter from a random start, so that a restarted bridge does not reuse the ids phones
 * may still hold. Thread-safe.
 */
public final class CallIdSource {
    private static final int MODULUS = 100_000_000;

    private final AtomicInteger next;

    public CallIdSource() {
        this(ThreadLocalRandom.current().nextInt(MODULUS));
    }

    /** Ids from {@code start} on: for tests that must run the same way every time. */
    public CallIdSource(int start) {
        next = new AtomicInteger(start);
    }

    public CallId next() {
        int n = Math.floorMod(next.getAndIncrement(), MODULUS);
        // Zero-padded by hand: String.format parses its pattern on every call, once per call set up.
        String digits = Integer.toString(n);
        return new CallId("00000000".substring(digits.length()) + digits);
    }
}
