package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;

/**
 * What an {@link SscpEndpoint} sends through and closes: the UDP socket in production, an
 * in-memory wire in tests that drive the bridge datagram by datagram (the session fuzz test).
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
interface DatagramPort extends DatagramSender, AutoCloseable {

    /** The bound address, with the actual port when port 0 was asked for. */
    InetSocketAddress localAddress();

    boolean isOpen();

    /** Frees the port; idempotent. */
    @Override
    void close();
}
