package org.sscpbridge.sscp.transport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the {@code limit} most recently inserted entries: the "last 64 seqs" memories of SPEC §3.
 * Re-inserting a key does not make it recent; remove it first for that.
 *
 * <p>Thread-safety: not thread-safe; the owner holds a lock.
 */
final class RecentMap<K, V> extends LinkedHashMap<K, V> {
    private final int limit;

    RecentMap(int limit) {
        this.limit = limit;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > limit;
    }
}
