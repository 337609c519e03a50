package org.sscpbridge.tools.decode;

import java.net.InetSocketAddress;

/** A UDP datagram found in a captured packet: addresses and the payload as captured. */
public record UdpPacket(InetSocketAddress source, InetSocketAddress destination, byte[] payload) {
}
