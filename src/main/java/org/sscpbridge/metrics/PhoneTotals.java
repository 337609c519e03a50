package org.sscpbridge.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The phones at one moment, counted from their sessions' snapshots.
 *
 * @param failingLines one entry per line whose last registration attempt failed
 * @param callsByState live calls by the state the phone is shown (Connected, RingIn, ...)
 */
public record PhoneTotals(int phones, int linesRegistered, List<FailingLine> failingLines,
        Map<String, Long> callsByState) {

    public static final PhoneTotals NONE = new PhoneTotals(0, 0, List.of(), Map.of());

    /** A line whose registration fails, with the SIP reason. */
    public record FailingLine(String deviceId, String number, String reason, boolean auth) {}

    public PhoneTotals {
        failingLines = List.copyOf(failingLines);
        callsByState = Collections.unmodifiableMap(new LinkedHashMap<>(callsByState));
    }

    public int linesFailing() {
        return failingLines.size();
    }

    public int linesFailingAuth() {
        return (int) failingLines.stream().filter(FailingLine::auth).count();
    }

    public long calls() {
        return callsByState.values().stream().mapToLong(Long::longValue).sum();
    }
}
