package org.sscpbridge.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** Loopback UDP (and TCP) ports for tests. */
public final class FreePorts {
    private FreePorts() {}

    /** A UDP port free on every local address at the time of the call. */
    public static int udp() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                port = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free UDP port found");
    }

    /** A port free for both UDP and TCP on every local address (for peers that listen on both). */
    public static int udpAndTcp() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = udp();
            try (java.net.ServerSocket s = new java.net.ServerSocket(port)) {
                return port;
            } catch (IOException e) {
                // taken for TCP: try another
            }
        }
        throw new IllegalStateException("no port free for UDP and TCP found");
    }

    /** A TCP port free on the loopback address at the time of the call (e.g. for an HTTP server). */
    public static int tcp() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a UDP socket could be bound to the port on the wildcard address now. */
    public static boolean isFree(int port) {
        try (DatagramSocket s = new DatagramSocket(port)) {
            return s.getLocalPort() == port;
        } catch (SocketException e) {
            return false;
        }
    }
}
