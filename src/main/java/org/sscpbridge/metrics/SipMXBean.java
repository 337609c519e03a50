package org.sscpbridge.metrics;

import java.util.Map;

/**
 * {@code org.sscpbridge:type=Sip}: SIP transactions of the bridge's user agent, in and out, since
 * the bridge started (across SIP stack restarts), and the lines' registration failures.
 */
public interface SipMXBean {
    /** Requests received, by method ({@code INVITE}, {@code NOTIFY}, ...). */
    Map<String, Long> getRequestsIn();

    /** Requests sent, by method ({@code REGISTER}, {@code INVITE}, ...). */
    Map<String, Long> getRequestsOut();

    /** Responses received, by method and class: {@code "REGISTER 2xx"}. */
    Map<String, Long> getResponsesIn();

    /** Responses sent, by method and class: {@code "INVITE 1xx"}. */
    Map<String, Long> getResponsesOut();

    /** Client transactions that timed out, by method. */
    Map<String, Long> getTimeouts();

    long getRequestsInTotal();

    long getRequestsOutTotal();

    long getResponsesInTotal();

    long getResponsesOutTotal();

    long getTimeoutsTotal();

    /** SIP messages refused before or instead of being handled, by reason ({@code GARBAGE}, {@code RATE_LIMITED_REQUEST}, ...). */
    Map<String, Long> getRefused();

    long getRefusedTotal();

    long getRegistrationFailures();

    long getRegistrationAuthFailures();

    /** The SIP reason of the last failed registration attempt; empty if none failed. */
    String getLastRegistrationFailure();

    /** SIP client transactions alive in the stack now (a gauge: e.g. REGISTERs still retransmitting). */
    int getLiveClientTransactions();

    /** SIP server transactions alive in the stack now (a gauge). */
    int getLiveServerTransactions();

    /** ISO-8601 time since which the registrar does not answer; empty while it does. */
    String getRegistrarUnreachableSince();
}
