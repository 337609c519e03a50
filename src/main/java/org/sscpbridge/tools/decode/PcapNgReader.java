package org.sscpbridge.tools.decode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pcapng subset that captures of SSCP need: Section Header (byte order), Interface
 * Description (link type, timestamp resolution), Enhanced Packet and Simple Packet blocks; other
 * blocks are skipped by their length. Bounds-checked like {@link PcapReader}.
 */
final class PcapNgReader {
    private static final long SHB = 0x0A0D0D0AL;
    private static final long IDB = 1;
    private static final long SPB = 3;
    private static final long EPB = 6;
    private static final long BYTE_ORDER_MAGIC = 0x1A2B3C4DL;
    private static final int OPTION_TSRESOL = 9;

    private PcapNgReader() {
    }

    /** An interface of the current section: link type and timestamp units per second. */
    private record Interface(int linkType, long unitsPerSecond) {
    }

    static Capture read(byte[] file) {
        List<CapturedPacket> packets = new ArrayList<>();
        List<Interface> interfaces = new ArrayList<>();
        boolean bigEndian = true;
        int at = 0;
        while (at < file.length) {
            if (!ByteReader.has(file, at, 12)) {
                return new Capture(packets, "truncated pcapng file: block header cut at byte " + file.length);
            }
            long type = ByteReader.u32(file, at, true);
            if (type == SHB) {
                long order = ByteReader.u32(file, at + 8, true);
                if (order == BYTE_ORDER_MAGIC) {
                    bigEndian = true;
                } else if (ByteReader.u32(file, at + 8, false) == BYTE_ORDER_MAGIC) {
                    bigEndian = false;
                } else {
                    return new Capture(packets, "corrupt pcapng file: bad byte-order magic at byte " + at);
                }
                interfaces.clear(); // interface ids are per section
            } else {
                type = ByteReader.u32(file, at, bigEndian);
            }
            long length = ByteReader.u32(file, at + 4, bigEndian);
            if (length < 12 || length % 4 != 0 || length > PcapReader.MAX_PACKET + 64L) {
                return new Capture(packets, "corrupt pcapng file: block of length " + length + " at byte " + at);
            }
            if (!ByteReader.has(file, at, (int) length)) {
                return new Capture(packets, "truncated pcapng file: block at byte " + at + " has " + (file.length - at)
                        + " of its " + length + " bytes");
            }
            int body = at + 8;
            int bodyEnd = at + (int) length - 4;
            if (type == IDB) {
                if (bodyEnd - body < 8) {
                    return new Capture(packets, "corrupt pcapng file: short interface block at byte " + at);
                }
                int linkType = ByteReader.u16(file, body, bigEndian);
                interfaces.add(new Interface(linkType, resolution(file, body + 8, bodyEnd, bigEndian)));
            } else if (type == EPB) {
                if (bodyEnd - body < 20) {
                    return new Capture(packets, "corrupt pcapng file: short packet block at byte " + at);
                }
                long id = ByteReader.u32(file, body, bigEndian);
                long high = ByteReader.u32(file, body + 4, bigEndian);
                long low = ByteReader.u32(file, body + 8, bigEndian);
                long captured = ByteReader.u32(file, body + 12, bigEndian);
                long original = ByteReader.u32(file, body + 16, bigEndian);
                if (id >= interfaces.size()) {
                    return new Capture(packets, "corrupt pcapng file: packet of unknown interface " + id + " at byte " + at);
                }
                if (captured > bodyEnd - body - 20) {
                    return new Capture(packets, "corrupt pcapng file: packet longer than its block at byte " + at);
                }
                Interface itf = interfaces.get((int) id);
                long units = (high << 32) | low;
                Instant time = Instant.ofEpochSecond(units / itf.unitsPerSecond(),
                        (units % itf.unitsPerSecond()) * 1_000_000_000L / itf.unitsPerSecond());
                byte[] data = Arrays.copyOfRange(file, body + 20, body + 20 + (int) captured);
                packets.add(new CapturedPacket(packets.size() + 1, time, itf.linkType(), data, (int) Math.min(original, Integer.MAX_VALUE)));
            } else if (type == SPB) {
                if (interfaces.isEmpty() || bodyEnd - body < 4) {
                    return new Capture(packets, "corrupt pcapng file: simple packet block without interface at byte " + at);
                }
                long original = ByteReader.u32(file, body, bigEndian);
                int captured = (int) Math.min(original, bodyEnd - body - 4);
                byte[] data = Arrays.copyOfRange(file, body + 4, body + 4 + captured);
                packets.add(new CapturedPacket(packets.size() + 1, null, interfaces.get(0).linkType(), data, (int) Math.min(original, Integer.MAX_VALUE)));
            }
            at += (int) length;
        }
        return new Capture(packets, null);
    }

    /** The if_tsresol option: 10^-n (high bit clear) or 2^-n seconds; default microseconds. */
    private static long resolution(byte[] file, int at, int end, boolean bigEndian) {
        while (at + 4 <= end) {
            int code = ByteReader.u16(file, at, bigEndian);
            int length = ByteReader.u16(file, at + 2, bigEndian);
            if (code == 0 || at + 4 + length > end) {
                break;
            }
            if (code == OPTION_TSRESOL && length >= 1) {
                int v = ByteReader.u8(file, at + 4);
                int exponent = v & 0x7F;
                if ((v & 0x80) != 0) {
                    return exponent < 63 ? 1L << exponent : 1_000_000L;
                }
                return exponent <= 18 ? (long) Math.pow(10, exponent) : 1_000_000L;
            }
            at += 4 + ((length + 3) & ~3);
        }
        return 1_000_000L;
    }
}
