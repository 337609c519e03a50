package org.sscpbridge.tools.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapReaderTest {
    private static final byte[] SSCP = "<SSCP name=\"KeepAlive\" seq=\"9\"/>".getBytes(StandardCharsets.UTF_8);

    private static byte[] ip() throws Exception {
        return PcapBuilder.ipv4Udp("192.0.2.7", 40000, "192.0.2.1", 2000, SSCP);
    }

    private static UdpPacket onlyUdp(byte[] file) {
        Capture capture = PcapReader.read(file);
        assertTrue(capture.complete(), capture.problem());
        assertEquals(1, capture.packets().size());
        CapturedPacket p = capture.packets().get(0);
        return LinkLayer.udp(p.linkType(), p.data()).orElseThrow();
    }

    private static void assertSscpUdp(UdpPacket udp) {
        assertEquals("192.0.2.7", udp.source().getAddress().getHostAddress());
        assertEquals(40000, udp.source().getPort());
        assertEquals("192.0.2.1", udp.destination().getAddress().getHostAddress());
        assertEquals(2000, udp.destination().getPort());
        assertArrayEquals(SSCP, udp.payload());
    }

    @Test
    void ethernetLittleEndianMicroseconds() throws Exception {
        byte[] file = new PcapBuilder(LinkLayer.ETHERNET, ByteOrder.LITTLE_ENDIAN, false)
                .packet(1_764_000_000L, 123_456, PcapBuilder.ethernet(ip(), 0x0800)).bytes();
        Capture capture = PcapReader.read(file);
        assertEquals(Instant.ofEpochSecond(1_764_000_000L, 123_456_000), capture.packets().get(0).time());
        assertEquals(1, capture.packets().get(0).number());
        assertSscpUdp(onlyUdp(file));
    }

    @Test
    void bigEndianNanoseconds() throws Exception {
        byte[] file = new PcapBuilder(LinkLayer.ETHERNET, ByteOrder.BIG_ENDIAN, true)
                .packet(10, 999_999_999, PcapBuilder.ethernet(ip(), 0x0800)).bytes();
        assertEquals(Instant.ofEpochSecond(10, 999_999_999), PcapReader.read(file).packets().get(0).time());
        assertSscpUdp(onlyUdp(file));
    }

    @Test
    void ethernetWithVlanTag() throws Exception {
        assertSscpUdp(onlyUdp(new PcapBuilder(LinkLayer.ETHERNET, ByteOrder.LITTLE_ENDIAN, false)
                .packet(1, 0, PcapBuilder.vlanEthernet(ip())).bytes()));
    }

    @Test
    void linuxCookedV1() throws Exception {
        assertSscpUdp(onlyUdp(new PcapBuilder(LinkLayer.LINUX_SLL, ByteOrder.LITTLE_ENDIAN, false)
                .packet(1, 0, PcapBuilder.sll(ip())).bytes()));
    }

    @Test
    void linuxCookedV2() throws Exception {
        assertSscpUdp(onlyUdp(new PcapBuilder(LinkLayer.LINUX_SLL2, ByteOrder.LITTLE_ENDIAN, false)
                .packet(1, 0, PcapBuilder.sll2(ip())).bytes()));
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkLayer.RAW, LinkLayer.IPV4})
    void rawIpv4(int linkType) throws Exception {
        assertSscpUdp(onlyUdp(new PcapBuilder(linkType, ByteOrder.BIG_ENDIAN, false).packet(1, 0, ip()).bytes()));
    }

    @Test
    void loopbackNull() throws Exception {
        assertSscpUdp(onlyUdp(new PcapBuilder(LinkLayer.NULL, ByteOrder.LITTLE_ENDIAN, false)
                .packet(1, 0, PcapBuilder.loopback(ip())).bytes()));
    }

    @Test
    void ipv6OverEthernetAndRaw() throws Exception {
        byte[] v6 = PcapBuilder.ipv6Udp("2001:db8::7", 40000, "2001:db8::1", 2000, SSCP);
        for (byte[] file : List.of(
                new PcapBuilder(LinkLayer.ETHERNET, ByteOrder.LITTLE_ENDIAN, false).packet(1, 0, PcapBuilder.ethernet(v6, 0x86DD)).bytes(),
                new PcapBuilder(LinkLayer.RAW, ByteOrder.LITTLE_ENDIAN, false).packet(1, 0, v6).bytes())) {
            UdpPacket udp = onlyUdp(file);
            assertEquals("2001:db8:0:0:0:0:0:7", udp.source().getAddress().getHostAddress());
            assertEquals(2000, udp.destination().getPort());
            assertArrayEquals(SSCP, udp.payload());
        }
    }

    @Test
    void notUdpIsNotReported() throws Exception {
        byte[] tcp = ip();
        tcp[9] = 6;
        assertEquals(Optional.empty(), LinkLayer.udp(LinkLayer.RAW, tcp));
        assertEquals(Optional.empty(), LinkLayer.udp(LinkLayer.ETHERNET, PcapBuilder.ethernet(ip(), 0x0806)));
        byte[] fragment = ip();
        fragment[6] = 0x20; // more fragments
        assertEquals(Optional.empty(), LinkLayer.udp(LinkLayer.RAW, fragment));
        assertEquals(Optional.empty(), LinkLayer.udp(LinkLayer.RAW, new byte[0]));
        assertEquals(Optional.empty(), LinkLayer.udp(999, ip()));
    }

    @Test
    void aPacketCutBySnapLengthKeepsWhatWasCaptured() throws Exception {
        byte[] cut = Arrays.copyOf(ip(), 28 + 10);
        UdpPacket udp = LinkLayer.udp(LinkLayer.RAW, cut).orElseThrow();
        assertArrayEquals(Arrays.copyOf(SSCP, 10), udp.payload());
    }

    @Test
    void everyTruncationPointIsReportedNeverThrown() throws Exception {
        byte[] file = new PcapBuilder(LinkLayer.ETHERNET, ByteOrder.LITTLE_ENDIAN, false)
                .packet(1, 0, PcapBuilder.ethernet(ip(), 0x0800))
                .packet(2, 0, PcapBuilder.ethernet(ip(), 0x0800)).bytes();
        int firstEnd = 24 + 16 + 14 + ip().length;
        for (int length = 0; length < file.length; length++) {
            Capture capture = PcapReader.read(Arrays.copyOf(file, length));
            if (length == 24 || length == firstEnd) {
                assertTrue(capture.complete(), "a file ending between records is whole: " + length);
            } else {
                assertTrue(!capture.complete(), "cut at " + length);
            }
            assertEquals(length >= firstEnd ? 1 : 0, capture.packets().size(), "cut at " + length);
        }
        assertTrue(PcapReader.read(Arrays.copyOf(file, file.length - 3)).problem().startsWith("truncated pcap file: packet 2"));
    }

    @Test
    void garbageAndAbsurdLengthsAreReported() {
        assertTrue(PcapReader.read("hello world, not a capture".getBytes(StandardCharsets.UTF_8)).problem().startsWith("not a pcap"));
        byte[] header = new PcapBuilder(1, ByteOrder.LITTLE_ENDIAN, false).bytes();
        ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(0).putInt(-1).putInt(0);
        byte[] file = Arrays.copyOf(header, 40);
        System.arraycopy(record.array(), 0, file, 24, 16);
        Capture capture = PcapReader.read(file);
        assertTrue(capture.problem().startsWith("corrupt pcap file"), capture.problem());
    }

    @Test
    void pcapngAsTsharkWritesIt() throws Exception {
        byte[] packet = PcapBuilder.ethernet(ip(), 0x0800);
        ByteBuffer b = ByteBuffer.allocate(28 + 32 + 32 + ((packet.length + 3) & ~3)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).putInt(28);
        // IDB with if_tsresol = 9 (nanoseconds)
        b.putInt(1).putInt(32).putShort((short) 1).putShort((short) 0).putInt(65535)
                .putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]).putInt(0).putInt(32);
        int epbLength = 32 + ((packet.length + 3) & ~3);
        long units = 1_764_000_000_123_456_789L;
        b.putInt(6).putInt(epbLength).putInt(0).putInt((int) (units >>> 32)).putInt((int) units)
                .putInt(packet.length).putInt(packet.length).put(packet).put(new byte[((packet.length + 3) & ~3) - packet.length]).putInt(epbLength);
        Capture capture = PcapReader.read(b.array());
        assertNull(capture.problem());
        assertEquals(Instant.ofEpochSecond(1_764_000_000L, 123_456_789), capture.packets().get(0).time());
        assertSscpUdp(LinkLayer.udp(capture.packets().get(0).linkType(), capture.packets().get(0).data()).orElseThrow());
        Capture cut = PcapReader.read(Arrays.copyOf(b.array(), b.array().length - 5));
        assertEquals(0, cut.packets().size());
        assertTrue(cut.problem().startsWith("truncated pcapng file"), cut.problem());
    }
}
