package org.sscpbridge.tools.decode;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import org.sscpbridge.sscp.message.Direction;

/**
 * One datagram to decode and where it came from.
 *
 * @param origin for people: "seed-09-SpeedDial.xml", "stdin line 3", "packet 12"
 * @param time capture time, null when unknown
 * @param source sender's address, null when unknown
 * @param destination receiver's address, null when unknown
 * @param sender who sent it, null to guess from the message name
 */
public record RawDatagram(String origin, Instant time, InetSocketAddress source, InetSocketAddress destination,
        Direction sender, byte[] bytes) {
    public RawDatagram {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(bytes, "bytes");
    }

    public static RawDatagram of(String origin, Direction sender, byte[] bytes) {
        return new RawDatagram(origin, null, null, null, sender, bytes);
    }
}
