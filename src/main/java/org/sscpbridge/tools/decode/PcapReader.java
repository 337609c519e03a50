package org.sscpbridge.tools.decode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads capture files: classic libpcap (microsecond and nanosecond, either byte order) and
 * pcapng (Section Header, Interface Description, Enhanced / Simple Packet blocks: what tshark and
 * dumpcap write by default). Every read is bounds-checked; a truncated or corrupt file never
 * throws: the packets before the damage are returned with the problem named.
 */
public final class PcapReader {
    /** Larger captured packets are taken as corruption, not data (tcpdump's own limit). */
    static final int MAX_PACKET = 262_144;

    private static final long MAGIC_MICROS = 0xA1B2C3D4L;
    private static final long MAGIC_NANOS = 0xA1B23C4DL;
    private static final long PCAPNG_SHB = 0x0A0D0D0AL;
    private static final int GLOBAL_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    private PcapReader() {
    }

    public static Capture read(byte[] file) {
        if (!ByteReader.has(file, 0, 4)) {
            return new Capture(List.of(), "not a capture file: only " + file.length + " bytes");
        }
        long magic = ByteReader.u32(file, 0, true);
        if (magic == PCAPNG_SHB) {
            return PcapNgReader.read(file);
        }
        boolean bigEndian;
        boolean nanos;
        if (magic == MAGIC_MICROS || magic == MAGIC_NANOS) {
            bigEndian = true;
            nanos = magic == MAGIC_NANOS;
        } else {
            long swapped = ByteReader.u32(file, 0, false);
            if (swapped != MAGIC_MICROS && swapped != MAGIC_NANOS) {
                return new Capture(List.of(), String.format("not a pcap or pcapng file (magic 0x%08x)", magic));
            }
            bigEndian = false;
            nanos = swapped == MAGIC_NANOS;
        }
        if (!ByteReader.has(file, 0, GLOBAL_HEADER)) {
            return new Capture(List.of(), "truncated pcap file: global header cut at " + file.length + " bytes");
        }
        int linkType = (int) (ByteReader.u32(file, 20, bigEndian) & 0xFFFF);
        List<CapturedPacket> packets = new ArrayList<>();
        int at = GLOBAL_HEADER;
        while (at < file.length) {
            int number = packets.size() + 1;
            if (!ByteReader.has(file, at, RECORD_HEADER)) {
                return new Capture(packets, "truncated pcap file: header of packet " + number + " cut at byte " + file.length);
            }
            long seconds = ByteReader.u32(file, at, bigEndian);
            long fraction = ByteReader.u32(file, at + 4, bigEndian);
            long included = ByteReader.u32(file, at + 8, bigEndian);
            long original = ByteReader.u32(file, at + 12, bigEndian);
            if (included > MAX_PACKET) {
                return new Capture(packets, "corrupt pcap file: packet " + number + " claims " + included + " bytes");
            }
            at += RECORD_HEADER;
            if (!ByteReader.has(file, at, (int) included)) {
                return new Capture(packets, "truncated pcap file: packet " + number + " has " + (file.length - at)
                        + " of its " + included + " bytes");
            }
            byte[] data = java.util.Arrays.copyOfRange(file, at, at + (int) included);
            Instant time = Instant.ofEpochSecond(seconds, nanos ? fraction : fraction * 1000);
            packets.add(new CapturedPacket(number, time, linkType, data, (int) Math.min(original, Integer.MAX_VALUE)));
            at += (int) included;
        }
        return new Capture(packets, null);
    }
}
