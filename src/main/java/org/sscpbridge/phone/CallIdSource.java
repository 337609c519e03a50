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

    private final AtomicInteger next = new AtomicInteger(ThreadLocalRandom.current().nextInt(MODULUS));

    public CallId next() {
        int n = Math.floorMod(next.getAndIncrement(), MODULUS);
        // Zero-padded by hand: String.format parses its pattern on every call, once per call set up.
        String digits = Integer.toString(n);
        return new CallId("00000000".substring(digits.length()) + digits);
    }
}
