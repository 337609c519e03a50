package org.sscpbridge.tools.phone.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void headerIsTwelveBytesOfVersionTwoFollowedByThePayload() {
        byte[] payload = RtpPacket.pcmuSilence();
        byte[] p = RtpPacket.build(RtpPacket.PAYLOAD_PCMU, true, 0xBEEF, 0x89ABCDEFL, 0xFEDCBA98L, payload);

        assertEquals(12 + 160, p.length);
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0xBE, (byte) 0xEF,
            (byte) 0x89, (byte) 0xAB, (byte) 0xCD, (byte) 0xEF, (byte) 0xFE, (byte) 0xDC, (byte) 0xBA, (byte) 0x98},
                Arrays.copyOf(p, 12));
        assertTrue(RtpPacket.isRtp(p, p.length));
        assertTrue(RtpPacket.marker(p));
        assertEquals(0, RtpPacket.payloadType(p));
        assertEquals(0xBEEF, RtpPacket.sequence(p));
        assertEquals(0x89ABCDEFL, RtpPacket.timestamp(p));
        assertEquals(0xFEDCBA98L, RtpPacket.ssrc(p));
        assertArrayEquals(payload, Arrays.copyOfRange(p, 12, p.length));
    }

    @Test
    void withoutMarker() {
        byte[] p = RtpPacket.build(8, false, 1, 160, 1, new byte[0]);
        assertFalse(RtpPacket.marker(p));
        assertEquals(8, RtpPacket.payloadType(p));
    }

    @Test
    void silenceIsMuLawZero() {
        byte[] s = RtpPacket.pcmuSilence();
        assertEquals(160, s.length);
        for (byte b : s) {
            assertEquals((byte) 0xFF, b);
        }
        assertEquals((byte) 0xFF, RtpPacket.linearToUlaw(0));
    }

    @Test
    void theToneRepeatsEveryEightSamplesAndIsNotSilence() {
        byte[] t = RtpPacket.pcmuTone1kHz();
        assertEquals(160, t.length);
        for (int i = 8; i < t.length; i++) {
            assertEquals(t[i - 8], t[i], "1 kHz at 8 kHz: period of 8 samples");
        }
        assertFalse(Arrays.equals(t, RtpPacket.pcmuSilence()));
    }

    @Test
    void muLawOfKnownValues() {
        // G.711: full-scale positive is 0x80, full-scale negative 0x00.
        assertEquals((byte) 0x80, RtpPacket.linearToUlaw(32767));
        assertEquals((byte) 0x00, RtpPacket.linearToUlaw(-32768));
    }

    @Test
    void tooShortOrWrongVersionIsNotRtp() {
        assertFalse(RtpPacket.isRtp(new byte[11], 11));
        byte[] v1 = RtpPacket.build(0, false, 0, 0, 0, new byte[4]);
        v1[0] = 0x40;
        assertFalse(RtpPacket.isRtp(v1, v1.length));
    }
}
