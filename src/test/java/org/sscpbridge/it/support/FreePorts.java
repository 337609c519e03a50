package org.sscpbridge.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback UDP (and TCP) ports for tests. Ports come from 20000–31999, below Linux's ephemeral
 * range (32768–60999), so no socket bound to port 0 anywhere (a SIPp, a Kamailio child, a phone
 * of a test running alongside) can take one between its hand-out and its use; each JVM walks the
 * range from its own offset in steps of 4 (peers such as SIPp also bind port+2 for media), so two
 * tests never get the same port from one JVM.
 */
public final class FreePorts {
    private static final int FIRST = 20_000;
    private static final int SIZE = 12_000;
    private static final int STEP = 4;
    private static final AtomicInteger NEXT =
            new AtomicInteger((int) (ProcessHandle.current().pid() * 97 % (SIZE / STEP)) * STEP);

    private FreePorts() {}

    private static int next() {
        return FIRST + Math.floorMod(NEXT.getAndAdd(STEP), SIZE);
    }

    /** A UDP port free on every local address at the time of the call. */
    public static int udp() {
        for (int attempt = 0; attempt < SIZE / STEP; attempt++) {
            int port = next();
            if (isFree(port) && isFreeOnLoopback(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free UDP port found");
    }

    private static boolean isFreeOnLoopback(int port) {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
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
        for (int attempt = 0; attempt < SIZE / STEP; attempt++) {
            int port = next();
            try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException e) {
                // taken: try the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free TCP port found"));
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
