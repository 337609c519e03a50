package org.sscpbridge.tools.decode;

import java.util.List;

/**
 * What a capture file held: its packets, and the problem that stopped reading early (truncated
 * or corrupt file), or null when the file was read to its end.
 */
public record Capture(List<CapturedPacket> packets, String problem) {
    public Capture {
        packets = List.copyOf(packets);
    }

    public boolean complete() {
        return problem == null;
    }
}
