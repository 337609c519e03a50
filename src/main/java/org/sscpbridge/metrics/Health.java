package org.sscpbridge.metrics;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is wrong with the bridge, in sentences an operator reads in {@code sscp:status}, on the
 * Web Console page and in the {@code Health} attribute of {@code org.sscpbridge:type=Bridge}. An
 * empty list means nothing is known to be wrong. The last enable error (a taken port, an
 * unavailable store) is reported beside it as {@code lastError}.
 *
 * <p>Thread-safety: immutable inputs, pure functions.
 */
public final class Health {
    /** Reasons listed one by one before "and N more". */
    static final int MAX_REASONS = 3;

    private Health() {}

    /**
     * @param refusedConfiguration why the last configuration was refused, or null
     * @param storeProblem why the store could not be opened, or null
     * @param registrar the registrar's URI, for the sentence about it
     * @param unreachable since when the registrar has not answered, or null
     * @param phones the phones now
     */
    public static List<String> problems(String refusedConfiguration, String storeProblem, String registrar,
            SipCounters.Unreachable unreachable, PhoneTotals phones) {
        List<String> out = new ArrayList<>();
        if (refusedConfiguration != null) {
            out.add("configuration sscp.bridge refused (the previous one is kept): " + refusedConfiguration);
        }
        if (storeProblem != null) {
            out.add("store unavailable: " + storeProblem);
        }
        if (unreachable != null) {
            out.add("registrar " + registrar + " unreachable since "
                    + unreachable.since().truncatedTo(ChronoUnit.SECONDS) + " (" + unreachable.reason() + ")");
        }
        List<PhoneTotals.FailingLine> auth = phones.failingLines().stream().filter(PhoneTotals.FailingLine::auth)
                .toList();
        List<PhoneTotals.FailingLine> other = phones.failingLines().stream().filter(l -> !l.auth()).toList();
        if (!auth.isEmpty()) {
            out.add(lines(auth.size()) + " failing authentication: " + byReason(auth));
        }
        if (!other.isEmpty()) {
            out.add(lines(other.size()) + " failing to register: " + byReason(other));
        }
        return List.copyOf(out);
    }

    /** Whether a registration failure reason (a SIP status line first) refuses the credentials. */
    public static boolean isAuthFailure(String reason) {
        return reason != null && (reason.startsWith("401") || reason.startsWith("403") || reason.startsWith("407"));
    }

    private static String lines(int n) {
        return n + (n == 1 ? " line" : " lines");
    }

    private static String byReason(List<PhoneTotals.FailingLine> failing) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (PhoneTotals.FailingLine l : failing) {
            groups.computeIfAbsent(l.reason().isEmpty() ? "no reason given" : l.reason(), r -> new ArrayList<>())
                    .add(l.number() + " of " + l.deviceId());
        }
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (var e : groups.entrySet()) {
            if (shown == MAX_REASONS) {
                b.append("; and ").append(groups.size() - shown).append(" more reasons");
                break;
            }
            b.append(shown == 0 ? "" : "; ").append(e.getKey()).append(" (")
                    .append(e.getValue().size() == 1 ? "line " : "lines ")
                    .append(String.join(", ", e.getValue().subList(0, Math.min(MAX_REASONS, e.getValue().size()))))
                    .append(e.getValue().size() > MAX_REASONS ? ", ..." : "").append(')');
            shown++;
        }
        return b.toString();
    }
}
