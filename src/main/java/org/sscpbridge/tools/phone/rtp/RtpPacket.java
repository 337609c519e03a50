package org.sscpbridge.tools.phone.rtp;

import java.util.Arrays;

/**
 * Builds RTP packets (RFC 3550): a 12-byte header (version 2, no padding, no extension, no CSRC,
 * marker on the first packet of a stream) followed by the payload, and reads the header back.
 */
public final class RtpPacket {
    public static final int HEADER_BYTES = 12;
    /** Static payload type of PCMU (RFC 3551). */
    public static final int PAYLOAD_PCMU = 0;
    /** 20 ms of 8 kHz audio, one byte per sample in G.711. */
    public static final int SAMPLES_PER_20_MS = 160;

    private RtpPacket() {
    }

    /** One packet: header fields and payload. */
    public static byte[] build(int payloadType, boolean marker, int sequence, long timestamp, long ssrc, byte[] payload) {
        byte[] packet = new byte[HEADER_BYTES + payload.length];
        packet[0] = (byte) 0x80; // V=2, P=0, X=0, CC=0
        packet[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        putInt(packet, 4, timestamp);
        putInt(packet, 8, ssrc);
        System.arraycopy(payload, 0, packet, HEADER_BYTES, payload.length);
        return packet;
    }

    /** Whether {@code data[0..length)} looks like RTP version 2 with a whole header. */
    public static boolean isRtp(byte[] data, int length) {
        return length >= HEADER_BYTES && (data[0] & 0xC0) == 0x80;
    }

    public static int payloadType(byte[] packet) {
        return packet[1] & 0x7F;
    }

    public static boolean marker(byte[] packet) {
        return (packet[1] & 0x80) != 0;
    }

    public static int sequence(byte[] packet) {
        return ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
    }

    public static long timestamp(byte[] packet) {
        return getInt(packet, 4);
    }

    public static long ssrc(byte[] packet) {
        return getInt(packet, 8);
    }

    /** 20 ms of PCMU silence: 0xFF is μ-law's zero level. */
    public static byte[] pcmuSilence() {
        byte[] payload = new byte[SAMPLES_PER_20_MS];
        Arrays.fill(payload, (byte) 0xFF);
        return payload;
    }

    /**
     * 20 ms of a 1 kHz tone in PCMU at about -10 dBFS: eight samples per cycle, so every 20 ms
     * packet holds whole cycles and the same payload can be sent again and again.
     */
    public static byte[] pcmuTone1kHz() {
        byte[] payload = new byte[SAMPLES_PER_20_MS];
        for (int i = 0; i < payload.length; i++) {
            double sample = Math.sin(2 * Math.PI * 1000 * i / 8000.0) * 0.316 * 32767;
            payload[i] = linearToUlaw((int) Math.round(sample));
        }
        return payload;
    }

    /** G.711 μ-law encoding of one 16-bit linear sample. */
    static byte linearToUlaw(int sample) {
        final int bias = 0x84;
        final int clip = 32635;
        int sign = sample < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(sample), clip) + bias;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    private static void putInt(byte[] b, int at, long value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    private static long getInt(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
