package org.sscpbridge.feature.history;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One phone's call history, newest first, bounded. Index 1 is the newest entry of the list a
 * query returns (SPEC §2 CallHistory). Confined to the phone's thread.
 */
public final class CallHistoryLog {
    public static final int MAX_ENTRIES = 100;

    /** What kind of call an entry records. */
    public enum Kind { MISSED, RECEIVED, PLACED }

    public record Entry(Kind kind, String number, String name, Instant time, int durationSeconds) {}

    private final Deque<Entry> entries = new ArrayDeque<>();

    public void add(Entry entry) {
        entries.addFirst(entry);
        while (entries.size() > MAX_ENTRIES) {
            entries.removeLast();
        }
    }

    /** Newest first; {@code kind} null means every kind. */
    public List<Entry> query(Kind kind, int max) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (out.size() >= max) {
                break;
            }
            if (kind == null || e.kind() == kind) {
                out.add(e);
            }
        }
        return out;
    }

    /** Deletes the {@code index}-th entry (1 = newest) of all kinds; false if there is none. */
    public boolean delete(int index) {
        List<Entry> all = new ArrayList<>(entries);
        if (index < 1 || index > all.size()) {
            return false;
        }
        entries.remove(all.get(index - 1));
        return true;
    }

    /** Deletes every entry of {@code kind} (null: all). */
    public void clear(Kind kind) {
        entries.removeIf(e -> kind == null || e.kind() == kind);
    }
}
