package org.sscpbridge.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The one source of time and timers (retransmit, keepalive, digit timeout, registration refresh),
 * injectable so that tests move time by hand instead of sleeping.
 */
public interface Scheduler {

    /** Now, by this scheduler's clock. */
    Instant now();

    /** Runs {@code task} once after {@code delay}; the task must not block. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off; cancelling twice or after it ran is harmless. */
    interface Cancellable {
        void cancel();
    }
}
