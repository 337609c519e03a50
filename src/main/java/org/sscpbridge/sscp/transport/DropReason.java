package org.sscpbridge.sscp.transport;

/** Why a received datagram was neither delivered nor consumed as an answer. */
public enum DropReason {
    /** Longer than the 8 KiB SPEC §1 allows. */
    TOO_LARGE("too-large"),
    /** Over its source's (or its IP's) rate limit. */
    RATE_LIMITED("rate-limited"),
    /** A request already answered: the remembered answer was sent again (SPEC §3). */
    DUPLICATE_ANSWERED("duplicate-answered"),
    /** A request delivered but not answered yet: the sender will retransmit. */
    DUPLICATE_UNANSWERED("duplicate-unanswered"),
    /** An answer to no request in flight: a duplicate answer, one after giving up, or an unknown seq. */
    STALE_ANSWER("stale-answer"),
    /** Delivered, but the phone's event queue was full ({@code sscp.phone.queue.max}): the sender will retransmit. */
    QUEUE_FULL("queue-full");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** Short name for logs and the status command. */
    public String label() {
        return label;
    }
}
