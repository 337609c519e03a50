package org.sscpbridge.metrics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * SIP traffic of the bridge's user agent, counted where the listener receives and where the send
 * paths hand a message to the stack: requests by method, responses by method and class (1xx..6xx),
 * transaction timeouts by method, in and out; registration failures (authentication ones apart)
 * and whether the registrar answers. One instance lives as long as the bridge, across SIP stack
 * restarts, so the counts only grow.
 *
 * <p>Thread-safety: thread-safe; counting is a {@link LongAdder} increment (no lock on the hot path).
 */
public final class SipCounters {

    /** The methods counted one by one; anything else is {@link #OTHER}. */
    public enum Method {
        REGISTER, INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REFER, NOTIFY, SUBSCRIBE, UPDATE, PRACK, MESSAGE,
        PUBLISH, OTHER;

        private static final Method[] VALUES = values();

        public static Method of(String method) {
            if (method == null) {
                return OTHER;
            }
            return switch (method) {
                case "REGISTER" -> REGISTER;
                case "INVITE" -> INVITE;
                case "ACK" -> ACK;
                case "BYE" -> BYE;
                case "CANCEL" -> CANCEL;
                case "OPTIONS" -> OPTIONS;
                case "INFO" -> INFO;
                case "REFER" -> REFER;
                case "NOTIFY" -> NOTIFY;
                case "SUBSCRIBE" -> SUBSCRIBE;
                case "UPDATE" -> UPDATE;
                case "PRACK" -> PRACK;
                case "MESSAGE" -> MESSAGE;
                case "PUBLISH" -> PUBLISH;
                default -> OTHER;
            };
        }
    }

    /**
     * Why the bridge refused a SIP datagram or request before (or instead of) handling it: each
     * bad message is counted under one of these, so a flood or a fuzzer shows up in the metrics.
     */
    public enum Refusal {
        /** Not a SIP start line (garbage, binary, another protocol). */
        GARBAGE,
        /** As large as the receive buffer: cut by the socket, or meant to exhaust memory. */
        TOO_LARGE,
        /** Headers that do not end, a header line without a name, a mandatory header missing or bad. */
        BAD_HEADERS,
        /** Content-Length larger than the body that came, or not a number. */
        BAD_CONTENT_LENGTH,
        /** A request over its source's rate (answered 503 while the replies themselves stay within it). */
        RATE_LIMITED_REQUEST,
        /** A response over its source's rate: dropped. */
        RATE_LIMITED_RESPONSE,
        /** The stack's receive queue was full: dropped. */
        QUEUE_FULL,
        /** A request for a user the bridge does not have: 404. */
        UNKNOWN_USER,
        /** A copy of an INVITE already being handled, arrived by another path: 482 (RFC 3261 §8.2.2.2). */
        MERGED_REQUEST,
        /** A new call over the bound on live calls: 503. */
        TOO_MANY_CALLS;

        private static final Refusal[] VALUES = values();
    }

    private final LongAdder[] refusals = adders(Refusal.VALUES.length);

    private static final int CLASSES = 6;
    private static final int METHODS = Method.VALUES.length;

    private final LongAdder[] requestsIn = adders(METHODS);
    private final LongAdder[] requestsOut = adders(METHODS);
    private final LongAdder[] responsesIn = adders(METHODS * CLASSES);
    private final LongAdder[] responsesOut = adders(METHODS * CLASSES);
    private final LongAdder[] timeouts = adders(METHODS);
    private final LongAdder registrationFailures = new LongAdder();
    private final LongAdder registrationAuthFailures = new LongAdder();
    private volatile String lastRegistrationFailure = "";
    private final AtomicReference<Unreachable> unreachable = new AtomicReference<>();

    /** Since when the registrar has not answered, and the last reason seen. */
    public record Unreachable(Instant since, String reason) {}

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    public void requestIn(String method) {
        requestsIn[Method.of(method).ordinal()].increment();
    }

    public void requestOut(String method) {
        requestsOut[Method.of(method).ordinal()].increment();
    }

    /** A response received to one of our requests of {@code method}. */
    public void responseIn(String method, int status) {
        int c = statusClass(status);
        if (c > 0) {
            responsesIn[Method.of(method).ordinal() * CLASSES + c - 1].increment();
        }
    }

    /** A response we sent to a request of {@code method}. */
    public void responseOut(String method, int status) {
        int c = statusClass(status);
        if (c > 0) {
            responsesOut[Method.of(method).ordinal() * CLASSES + c - 1].increment();
        }
    }

    /** A client transaction of ours that got no final response in time (Timer B / F). */
    public void timeout(String method) {
        timeouts[Method.of(method).ordinal()].increment();
    }

    /** A SIP message refused for {@code why} (see {@link Refusal}). */
    public void refused(Refusal why) {
        refusals[why.ordinal()].increment();
    }

    /**
     * A line's registration attempt failed.
     *
     * @param auth whether the registrar refused the credentials (401, 403, 407)
     */
    public void registrationFailed(String reason, boolean auth) {
        registrationFailures.increment();
        if (auth) {
            registrationAuthFailures.increment();
        }
        lastRegistrationFailure = reason == null ? "" : reason;
    }

    /** A REGISTER went unanswered, or the answer says the registrar is not reachable (408, 503, 504). */
    public void registrarUnreachable(Instant now, String reason) {
        unreachable.updateAndGet(u -> u == null ? new Unreachable(now, reason) : new Unreachable(u.since(), reason));
    }

    /** The registrar answered a REGISTER (any answer but 408 / 503 / 504). */
    public void registrarAnswered() {
        if (unreachable.get() != null) {
            unreachable.set(null);
        }
    }

    /** Forgets whether the registrar answered: the SIP stack stopped, or the registrar changed. */
    public void clearRegistrarState() {
        unreachable.set(null);
    }

    /** Null while the registrar answers (or nobody asked it yet). */
    public Unreachable registrarUnreachable() {
        return unreachable.get();
    }

    /** Whether a SIP status code means the registrar (or the way to it) is not there. */
    public static boolean meansUnreachable(int status) {
        return status == 408 || status == 503 || status == 504;
    }

    /** Whether a SIP status code refuses the credentials. */
    public static boolean meansAuthFailure(int status) {
        return status == 401 || status == 403 || status == 407;
    }

    private static int statusClass(int status) {
        int c = status / 100;
        return c >= 1 && c <= CLASSES ? c : 0;
    }

    // ------------------------------------------------------------------ reading

    /** Requests received, by method; methods never seen are left out. */
    public Map<String, Long> requestsIn() {
        return byMethod(requestsIn);
    }

    public Map<String, Long> requestsOut() {
        return byMethod(requestsOut);
    }

    /** Responses received, keyed {@code "REGISTER 2xx"}; pairs never seen are left out. */
    public Map<String, Long> responsesIn() {
        return byMethodAndClass(responsesIn);
    }

    public Map<String, Long> responsesOut() {
        return byMethodAndClass(responsesOut);
    }

    public Map<String, Long> timeouts() {
        return byMethod(timeouts);
    }

    public long requestsInTotal() {
        return sum(requestsIn);
    }

    public long requestsOutTotal() {
        return sum(requestsOut);
    }

    public long responsesInTotal() {
        return sum(responsesIn);
    }

    public long responsesOutTotal() {
        return sum(responsesOut);
    }

    public long timeoutsTotal() {
        return sum(timeouts);
    }

    /** Responses received of one class (1..6), all methods. */
    public long responsesIn(int statusClass) {
        return classSum(responsesIn, statusClass);
    }

    public long responsesOut(int statusClass) {
        return classSum(responsesOut, statusClass);
    }

    public long responsesIn(String method, int statusClass) {
        return responsesIn[Method.of(method).ordinal() * CLASSES + statusClass - 1].sum();
    }

    /** Refused messages by reason ({@code GARBAGE}, {@code RATE_LIMITED_REQUEST}, ...); reasons never seen are left out. */
    public Map<String, Long> refused() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Refusal r : Refusal.VALUES) {
            long n = refusals[r.ordinal()].sum();
            if (n > 0) {
                out.put(r.name(), n);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    public long refusedCount(Refusal why) {
        return refusals[why.ordinal()].sum();
    }

    public long refusedTotal() {
        return sum(refusals);
    }

    public long registrationFailures() {
        return registrationFailures.sum();
    }

    public long registrationAuthFailures() {
        return registrationAuthFailures.sum();
    }

    /** The SIP reason of the last failed registration attempt; empty if none failed. */
    public String lastRegistrationFailure() {
        return lastRegistrationFailure;
    }

    private static Map<String, Long> byMethod(LongAdder[] adders) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Method m : Method.VALUES) {
            long n = adders[m.ordinal()].sum();
            if (n > 0) {
                out.put(m.name(), n);
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Long> byMethodAndClass(LongAdder[] adders) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Method m : Method.VALUES) {
            for (int c = 1; c <= CLASSES; c++) {
                long n = adders[m.ordinal() * CLASSES + c - 1].sum();
                if (n > 0) {
                    out.put(m.name() + " " + c + "xx", n);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static long sum(LongAdder[] adders) {
        long n = 0;
        for (LongAdder a : adders) {
            n += a.sum();
        }
        return n;
    }

    private static long classSum(LongAdder[] adders, int statusClass) {
        long n = 0;
        for (int m = 0; m < METHODS; m++) {
            n += adders[m * CLASSES + statusClass - 1].sum();
        }
        return n;
    }

    /** One line for {@code sscp:status}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("requests in ").append(requestsInTotal()).append(" / out ").append(requestsOutTotal());
        b.append("; responses in ").append(responsesInTotal());
        appendClasses(b, true);
        b.append(" / out ").append(responsesOutTotal());
        appendClasses(b, false);
        b.append("; timeouts ").append(timeoutsTotal());
        b.append("; registration failures ").append(registrationFailures());
        if (refusedTotal() > 0) {
            b.append("; refused ").append(refused());
        }
        if (registrationAuthFailures() > 0) {
            b.append(" (auth ").append(registrationAuthFailures()).append(')');
        }
        return b.toString();
    }

    private void appendClasses(StringBuilder b, boolean in) {
        StringBuilder parts = new StringBuilder();
        for (int c = 1; c <= CLASSES; c++) {
            long n = in ? responsesIn(c) : responsesOut(c);
            if (n > 0) {
                parts.append(parts.length() == 0 ? "" : ", ").append(c).append("xx ").append(n);
            }
        }
        if (parts.length() > 0) {
            b.append(" (").append(parts).append(')');
        }
    }
}
