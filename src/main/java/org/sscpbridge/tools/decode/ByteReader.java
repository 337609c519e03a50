package org.sscpbridge.tools.decode;

/** Bounds-checked reads of unsigned integers from a byte array, in either byte order. */
final class ByteReader {
    private ByteReader() {
    }

    static boolean has(byte[] b, int offset, int length) {
        return offset >= 0 && length >= 0 && offset <= b.length - length;
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    static int u16be(byte[] b, int at) {
        return (u8(b, at) << 8) | u8(b, at + 1);
    }

    static long u32(byte[] b, int at, boolean bigEndian) {
        long v = bigEndian
                ? ((long) u8(b, at) << 24) | (u8(b, at + 1) << 16) | (u8(b, at + 2) << 8) | u8(b, at + 3)
                : ((long) u8(b, at + 3) << 24) | (u8(b, at + 2) << 16) | (u8(b, at + 1) << 8) | u8(b, at);
        return v & 0xFFFF_FFFFL;
    }

    static int u16(byte[] b, int at, boolean bigEndian) {
        return bigEndian ? u16be(b, at) : (u8(b, at + 1) << 8) | u8(b, at);
    }
}
