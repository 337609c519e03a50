package org.sscpbridge.sip;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before registering again after consecutive failures (RFC 5626 §4.5):
 * {@code min(max, base * 2^failures)}, then a random 50–100 % of that, so that many lines that
 * failed together (a PBX restart) do not retry together.
 */
public record RetryPolicy(Duration base, Duration max) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(30));

    public RetryPolicy {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= max: " + base + ", " + max);
        }
    }

    /** The wait after {@code failures} consecutive failures (1 = the first), jittered by {@code random}. */
    public Duration delay(int failures, DoubleSupplier random) {
        int exponent = Math.min(Math.max(failures - 1, 0), 30);
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(exponent, 20));
        double factor = 0.5 + 0.5 * random.getAsDouble();
        return Duration.ofMillis(Math.max(1, (long) (ceiling * factor)));
    }
}
