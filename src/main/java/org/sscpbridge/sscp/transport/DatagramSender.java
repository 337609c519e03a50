package org.sscpbridge.sscp.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Puts bytes on the wire as one datagram. The UDP socket in production, a recorder in tests.
 *
 * <p>Thread-safety: implementations must be thread-safe.
 */
@FunctionalInterface
interface DatagramSender {
    void send(InetSocketAddress target, byte[] bytes) throws IOException;
}
