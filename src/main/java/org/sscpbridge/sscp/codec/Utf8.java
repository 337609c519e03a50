package org.sscpbridge.sscp.codec;

/**
 * Strict UTF-8 check (RFC 3629): no overlong forms, no encoded surrogates, nothing above
 * U+10FFFF, no truncated sequence. Done by us rather than left to the parser so that an invalid
 * datagram is refused the same way whichever parser reads it.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Throws 400 unless {@code b[from..to)} is valid UTF-8. */
    static void check(byte[] b, int from, int to) throws SscpDecodeException {
        int i = from;
        while (i < to) {
            int lead = b[i];
            if (lead >= 0) {
                i++;
                continue;
            }
            lead &= 0xFF;
            int length;
            int secondMin = 0x80;
            int secondMax = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF) {
                length = 2;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                length = 3;
                if (lead == 0xE0) {
                    secondMin = 0xA0; // overlong below U+0800
                } else if (lead == 0xED) {
                    secondMax = 0x9F; // U+D800..U+DFFF are surrogates
                }
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                length = 4;
                if (lead == 0xF0) {
                    secondMin = 0x90; // overlong below U+10000
                } else if (lead == 0xF4) {
                    secondMax = 0x8F; // above U+10FFFF
                }
            } else {
                throw invalid();
            }
            if (i + length > to) {
                throw invalid();
            }
            int second = b[i + 1] & 0xFF;
            if (second < secondMin || second > secondMax) {
                throw invalid();
            }
            for (int k = 2; k < length; k++) {
                int c = b[i + k] & 0xFF;
                if (c < 0x80 || c > 0xBF) {
                    throw invalid();
                }
            }
            i += length;
        }
    }

    private static SscpDecodeException invalid() {
        return new SscpDecodeException(DecodeLimits.MALFORMED, "invalid UTF-8");
    }
}
