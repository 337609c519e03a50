package org.sscpbridge.sscp.transport;

/**
 * Receives every frame an endpoint delivers: requests (answer them through
 * {@link Inbound#reply} / {@link Inbound#ack}), messages without seq, and specific answers to
 * this side's reliable requests ({@link Inbound#answeredRequest()} set). Plain Acks, duplicates
 * and malformed datagrams never reach it.
 *
 * <p>Threading: called on the endpoint's receive thread, one frame at a time; while it runs no
 * other datagram of that socket is read. Hand work off quickly (e.g. to the owning session's
 * serial executor) and answer later from that thread. An exception is logged and counted and
 * the next datagram is handled as usual.
 */
@FunctionalInterface
public interface FrameHandler {
    void onFrame(Inbound inbound);
}
