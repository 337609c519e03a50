package org.sscpbridge.tools.decode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds the UDP datagram in a captured packet: link header (by link type), IPv4 or IPv6 header,
 * UDP header. Bounds-checked; anything else (ARP, TCP, fragments, short packets) is "not UDP".
 */
public final class LinkLayer {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    public static final int RAW = 101;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int PROTOCOL_UDP = 17;

    private LinkLayer() {
    }

    /** Whether this reader knows {@code linkType}. */
    public static boolean supports(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
            default -> false;
        };
    }

    /** The UDP datagram in {@code packet}, if it holds one. */
    public static Optional<UdpPacket> udp(int linkType, byte[] packet) {
        return switch (linkType) {
            case NULL -> ip(packet, 4); // 4-byte address family in the capturer's byte order: go by the IP version instead
            case ETHERNET -> ethernet(packet);
            case RAW, IPV4, IPV6 -> ip(packet, 0);
            case LINUX_SLL -> byEtherType(packet, 14, 16);
            case LINUX_SLL2 -> byEtherType(packet, 0, 20);
            default -> Optional.empty();
        };
    }

    private static Optional<UdpPacket> ethernet(byte[] p) {
        int typeAt = 12;
        while (ByteReader.has(p, typeAt, 2)) {
            int type = ByteReader.u16be(p, typeAt);
            if (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ) {
                typeAt += 4; // 802.1Q tag: the real type follows
                continue;
            }
            return byEtherType(p, typeAt, typeAt + 2);
        }
        return Optional.empty();
    }

    private static Optional<UdpPacket> byEtherType(byte[] p, int typeAt, int payloadAt) {
        if (!ByteReader.has(p, typeAt, 2)) {
            return Optional.empty();
        }
        int type = ByteReader.u16be(p, typeAt);
        return type == ETHERTYPE_IPV4 || type == ETHERTYPE_IPV6 ? ip(p, payloadAt) : Optional.empty();
    }

    private static Optional<UdpPacket> ip(byte[] p, int at) {
        if (!ByteReader.has(p, at, 1)) {
            return Optional.empty();
        }
        int version = ByteReader.u8(p, at) >> 4;
        return version == 4 ? ipv4(p, at) : version == 6 ? ipv6(p, at) : Optional.empty();
    }

    private static Optional<UdpPacket> ipv4(byte[] p, int at) {
        if (!ByteReader.has(p, at, 20)) {
            return Optional.empty();
        }
        int headerLength = (ByteReader.u8(p, at) & 0x0F) * 4;
        int totalLength = ByteReader.u16be(p, at + 2);
        int fragment = ByteReader.u16be(p, at + 6);
        boolean firstAndLast = (fragment & 0x3FFF) == 0; // no offset, no more-fragments flag
        if (headerLength < 20 || ByteReader.u8(p, at + 9) != PROTOCOL_UDP || !firstAndLast) {
            return Optional.empty();
        }
        int end = Math.min(p.length, at + Math.max(totalLength, headerLength));
        return udp(p, at + headerLength, end, address(p, at + 12, 4), address(p, at + 16, 4));
    }

    private static Optional<UdpPacket> ipv6(byte[] p, int at) {
        if (!ByteReader.has(p, at, 40)) {
            return Optional.empty();
        }
        int payloadLength = ByteReader.u16be(p, at + 4);
        int next = ByteReader.u8(p, at + 6);
        int header = at + 40;
        int end = Math.min(p.length, header + payloadLength);
        // Hop-by-hop, routing and destination options may come before UDP; a fragment header ends the search.
        while (next == 0 || next == 43 || next == 60) {
            if (!ByteReader.has(p, header, 2)) {
                return Optional.empty();
            }
            next = ByteReader.u8(p, header);
            header += (ByteReader.u8(p, header + 1) + 1) * 8;
        }
        if (next != PROTOCOL_UDP) {
            return Optional.empty();
        }
        return udp(p, header, end, address(p, at + 8, 16), address(p, at + 24, 16));
    }

    private static Optional<UdpPacket> udp(byte[] p, int at, int ipEnd, InetAddress source, InetAddress destination) {
        if (!ByteReader.has(p, at, 8) || ipEnd < at + 8) {
            return Optional.empty();
        }
        int sourcePort = ByteReader.u16be(p, at);
        int destinationPort = ByteReader.u16be(p, at + 2);
        int udpLength = ByteReader.u16be(p, at + 4);
        // The payload ends where UDP says, but never past what the IP header and the capture hold
        // (a snap length cut shows as a shorter payload, which the decoder then reports).
        int end = Math.min(ipEnd, udpLength >= 8 ? at + udpLength : ipEnd);
        byte[] payload = Arrays.copyOfRange(p, at + 8, Math.max(at + 8, end));
        return Optional.of(new UdpPacket(new InetSocketAddress(source, sourcePort),
                new InetSocketAddress(destination, destinationPort), payload));
    }

    private static InetAddress address(byte[] p, int at, int length) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(p, at, at + length));
        } catch (UnknownHostException e) {
            // getByAddress only fails for a wrong length, and the lengths here are 4 and 16.
            throw new IllegalStateException(e);
        }
    }
}
