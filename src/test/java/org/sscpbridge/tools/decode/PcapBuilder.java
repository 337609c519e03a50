package org.sscpbridge.tools.decode;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes capture files and packets byte by byte, for tests of the readers. */
final class PcapBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;
    private final boolean nanos;

    /** A classic pcap file with the given link type, byte order and timestamp unit. */
    PcapBuilder(int linkType, ByteOrder order, boolean nanos) {
        this.order = order;
        this.nanos = nanos;
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(65535).putInt(linkType);
        out.writeBytes(h.array());
    }

    PcapBuilder packet(long seconds, long fraction, byte[] data) {
        ByteBuffer r = ByteBuffer.allocate(16).order(order);
        r.putInt((int) seconds).putInt((int) fraction).putInt(data.length).putInt(data.length);
        out.writeBytes(r.array());
        out.writeBytes(data);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    boolean nanos() {
        return nanos;
    }

    /** IPv4 header (no options) + UDP header + payload; checksums left zero (readers do not check them). */
    static byte[] ipv4Udp(String source, int sourcePort, String destination, int destinationPort, byte[] payload) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(20 + 8 + payload.length);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(InetAddress.getByName(source).getAddress()).put(InetAddress.getByName(destination).getAddress());
        b.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) (8 + payload.length)).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    /** IPv6 header + UDP header + payload. */
    static byte[] ipv6Udp(String source, int sourcePort, String destination, int destinationPort, byte[] payload) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(40 + 8 + payload.length);
        b.putInt(0x60000000).putShort((short) (8 + payload.length)).put((byte) 17).put((byte) 64)
                .put(InetAddress.getByName(source).getAddress()).put(InetAddress.getByName(destination).getAddress());
        b.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) (8 + payload.length)).putShort((short) 0);
        b.put(payload);
        return b.array();
    }

    static byte[] ethernet(byte[] ip, int etherType) {
        ByteBuffer b = ByteBuffer.allocate(14 + ip.length);
        b.put(new byte[12]).putShort((short) etherType).put(ip);
        return b.array();
    }

    static byte[] vlanEthernet(byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(18 + ip.length);
        b.put(new byte[12]).putShort((short) 0x8100).putShort((short) 5).putShort((short) 0x0800).put(ip);
        return b.array();
    }

    /** Linux cooked capture v1: 16 bytes, protocol at 14. */
    static byte[] sll(byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(16 + ip.length);
        b.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]).putShort((short) 0x0800).put(ip);
        return b.array();
    }

    /** Linux cooked capture v2: 20 bytes, protocol first. */
    static byte[] sll2(byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
        b.putShort((short) 0x0800).putShort((short) 0).putInt(1).putShort((short) 772).put((byte) 0).put((byte) 6)
                .put(new byte[8]).put(ip);
        return b.array();
    }

    /** BSD loopback: the address family in the capturing host's byte order (here little-endian AF_INET). */
    static byte[] loopback(byte[] ip) {
        ByteBuffer b = ByteBuffer.allocate(4 + ip.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2).put(ip);
        return b.array();
    }
}
