package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sscpbridge.sscp.codec.DisplayEncoding;

/**
 * The display encoding of each peer that does not use the default (UTF-8, no width limit):
 * set when a phone registers, forgotten when it goes (docs/PROTOCOL.md §6.9). Every operation is
 * O(1); at most {@code capacity} peers are kept, the least recently used forgotten first, like
 * the transport's other per-peer state (§7.4). A forgotten peer is written in UTF-8 again.
 *
 * <p>Thread-safety: thread-safe (one lock, held for a map operation only).
 */
final class PeerEncodings {
    private final Map<InetSocketAddress, DisplayEncoding> byPeer;

    PeerEncodings(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.byPeer = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, DisplayEncoding> eldest) {
                return size() > capacity;
            }
        };
    }

    /** From now on {@code peer} is written with {@code encoding}; the default is not stored. */
    synchronized void set(InetSocketAddress peer, DisplayEncoding encoding) {
        if (encoding.isDefault()) {
            byPeer.remove(peer);
        } else {
            byPeer.put(peer, encoding);
        }
    }

    synchronized void forget(InetSocketAddress peer) {
        byPeer.remove(peer);
    }

    /** The peer's encoding; {@link DisplayEncoding#DEFAULT} when none is set. */
    synchronized DisplayEncoding of(InetSocketAddress peer) {
        if (byPeer.isEmpty()) {
            return DisplayEncoding.DEFAULT;
        }
        DisplayEncoding encoding = byPeer.get(peer);
        return encoding == null ? DisplayEncoding.DEFAULT : encoding;
    }

    synchronized int size() {
        return byPeer.size();
    }
}
