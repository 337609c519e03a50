package org.sscpbridge.tools.decode;

import java.time.Instant;

/**
 * One packet record of a capture file: when it was captured, the link type of its interface, and
 * the bytes captured (possibly fewer than were on the wire: {@code originalLength}).
 *
 * @param number 1 for the first packet of the file
 */
public record CapturedPacket(int number, Instant time, int linkType, byte[] data, int originalLength) {
}
