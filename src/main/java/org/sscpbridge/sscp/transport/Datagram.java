package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One UDP datagram as it left or reached a socket: the bytes and both addresses.
 *
 * <p>Thread-safety: immutable (the bytes are copied in and out).
 */
public record Datagram(byte[] bytes, InetSocketAddress source, InetSocketAddress target) {

    public Datagram {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        bytes = bytes.clone();
    }

    /** A copy of the payload. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** The payload itself, for readers in this package that never write to it. */
    byte[] array() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Datagram d
                && Arrays.equals(bytes, d.bytes)
                && source.equals(d.source)
                && target.equals(d.target);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(source, target) + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Datagram[" + bytes.length + " bytes " + source + " -> " + target + "]";
    }
}
