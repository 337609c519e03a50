package org.sscpbridge.tools.loadcalls;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run of the call load harness does.
 *
 * @param rate calls started per second (evenly spaced)
 * @param duration how long calls are started; rate x duration calls in all
 * @param hold how long each call stays connected before the phone hangs up (OnHook)
 * @param warmup calls started within this time from the first are placed but left out of the latencies
 * @param phones simulated phones (one line each); 0: enough for rate x (hold + 3 s), at least 10
 * @param phonesPerIp phones sharing one loopback source IP (127.0.1.x, ...): the bridge admits at most
 *     200 datagrams/s per source IP, about 15 calls/s
 * @param answerMillis how long SIPp rings (180) before it answers (200)
 * @param outDir where the capture, logs and report go; null: a new temporary folder
 * @param capture whether to capture with tshark (without it there are no latencies)
 * @param felix run the bridge as users do (bin/bridge: Felix, its own JVM) instead of in this JVM
 */
record CallLoadOptions(double rate, Duration duration, Duration hold, Duration warmup, int phones, int phonesPerIp,
        int answerMillis, Path outDir, boolean capture, boolean felix) {
    static final int MAX_PHONES = 3000;

    CallLoadOptions {
        if (!(rate > 0 && rate <= 500)) {
            throw new IllegalArgumentException("rate: 0 < calls/s <= 500, not " + rate);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("duration: more than 0 and at most 600 s");
        }
        if (hold.isNegative() || hold.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("hold: 0 to 60 s");
        }
        if (warmup.isNegative() || warmup.compareTo(duration) >= 0) {
            throw new IllegalArgumentException("warmup: 0 up to less than the duration");
        }
        if (phones < 0 || phones > MAX_PHONES) {
            throw new IllegalArgumentException("phones: 0 (auto) to " + MAX_PHONES);
        }
        if (phonesPerIp < 1 || phonesPerIp > 200) {
            throw new IllegalArgumentException("phones per IP: 1 to 200");
        }
        if (answerMillis < 0 || answerMillis > 10_000) {
            throw new IllegalArgumentException("answer delay: 0 to 10000 ms");
        }
    }

    static CallLoadOptions defaults() {
        return new CallLoadOptions(20, Duration.ofSeconds(30), Duration.ofMillis(1500), Duration.ofSeconds(5), 0, 8,
                100, null, true, false);
    }

    int totalCalls() {
        return (int) Math.max(1, Math.round(rate * duration.toMillis() / 1000.0));
    }

    int phoneCount() {
        if (phones > 0) {
            return phones;
        }
        double busySeconds = hold.toMillis() / 1000.0 + answerMillis / 1000.0 + 3;
        return (int) Math.min(MAX_PHONES, Math.max(10, Math.ceil(rate * busySeconds)));
    }
}
