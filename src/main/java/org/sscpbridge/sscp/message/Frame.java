package org.sscpbridge.sscp.message;

import java.util.Objects;

/**
 * A message as it travels in one datagram: the body plus the root's {@code seq} attribute
 * (SPEC §3). {@code seq == 0} means the datagram carries no seq; valid seqs are 1..2^32-1.
 */
public record Frame(SscpMessage message, long seq) {
    public static final long NO_SEQ = 0;
    public static final long MAX_SEQ = 0xFFFF_FFFFL;

    public Frame {
        Objects.requireNonNull(message, "message");
        if (seq < 0 || seq > MAX_SEQ) {
            throw new IllegalArgumentException("seq out of range: " + seq);
        }
    }

    public static Frame of(SscpMessage message) {
        return new Frame(message, NO_SEQ);
    }

    public boolean hasSeq() {
        return seq != NO_SEQ;
    }

    public MessageType type() {
        return message.type();
    }
}
