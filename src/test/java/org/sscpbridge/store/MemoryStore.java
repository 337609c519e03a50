package org.sscpbridge.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store's contract in memory, for unit tests of the features and of call control (the real
 * engines are tested by the store's own contract suite). Thread-safe by synchronizing everything.
 */
public final class MemoryStore implements Store, PhoneBookStore, CallHistoryStore, ForwardStore, DeviceStateStore,
        DeviceClaimStore {
    private final List<PhoneBookStore.Entry> book = new ArrayList<>();
    private final List<CallHistoryStore.Entry> calls = new ArrayList<>();
    private final Map<String, Map<ForwardStore.Kind, String>> forwards = new HashMap<>();
    private final Map<String, Boolean> headsets = new HashMap<>();
    private final Map<String, String> claims = new HashMap<>();
    private final AtomicLong keys = new AtomicLong();

    @Override public PhoneBookStore phoneBook() { return this; }
    @Override public CallHistoryStore history() { return this; }
    @Override public ForwardStore forwards() { return this; }
    @Override public DeviceStateStore devices() { return this; }
    @Override public DeviceClaimStore claims() { return this; }
    @Override public void close() { }

    // ---- phone book

    @Override
    public synchronized Page search(String device, Query q, int offset, int limit) {
        List<PhoneBookStore.Entry> hits = book.stream()
                .filter(e -> e.owner() == null || e.owner().equals(device))
                .filter(e -> prefix(e.id(), q.id()) && prefix(e.lastName(), q.lastName())
                        && prefix(e.firstName(), q.firstName()) && prefix(e.number(), q.number()))
                .sorted(Comparator.comparing((PhoneBookStore.Entry e) -> Objects.toString(e.lastName(), ""))
                        .thenComparing(e -> Objects.toString(e.firstName(), "")).thenComparing(PhoneBookStore.Entry::number))
                .toList();
        int from = Math.min(offset, hits.size());
        return new Page(hits.size(), hits.subList(from, Math.min(hits.size(), from + limit)));
    }

    private static boolean prefix(String value, String wanted) {
        return wanted == null || wanted.isEmpty()
                || value != null && value.toLowerCase(Locale.ROOT).startsWith(wanted.toLowerCase(Locale.ROOT));
    }

    @Override
    public synchronized PhoneBookStore.Entry store(PhoneBookStore.Entry entry) {
        String id = entry.id() != null ? entry.id() : String.valueOf(keys.incrementAndGet());
        PhoneBookStore.Entry stored = new PhoneBookStore.Entry(entry.owner(), id, entry.lastName(), entry.firstName(),
                entry.number());
        book.removeIf(e -> Objects.equals(e.owner(), entry.owner()) && id.equals(e.id()));
        book.add(stored);
        return stored;
    }

    @Override
    public synchronized boolean delete(String owner, String id) {
        return book.removeIf(e -> Objects.equals(e.owner(), owner) && Objects.equals(e.id(), id));
    }

    @Override
    public synchronized List<PhoneBookStore.Entry> all(String owner) {
        return book.stream().filter(e -> Objects.equals(e.owner(), owner)).toList();
    }

    @Override
    public synchronized int count(String owner) {
        return all(owner).size();
    }

    // ---- history

    @Override
    public synchronized CallHistoryStore.Entry add(CallHistoryStore.Entry entry, int keep) {
        CallHistoryStore.Entry stored = new CallHistoryStore.Entry(keys.incrementAndGet(), entry.device(), entry.kind(),
                entry.number(), entry.name(), entry.time(), entry.durationSeconds());
        calls.add(0, stored);
        List<CallHistoryStore.Entry> mine = calls.stream().filter(e -> e.device().equals(entry.device())).toList();
        mine.stream().skip(keep).forEach(calls::remove);
        return stored;
    }

    @Override
    public synchronized List<CallHistoryStore.Entry> query(String device, Optional<CallHistoryStore.Kind> kind, int max) {
        return calls.stream().filter(e -> e.device().equals(device))
                .filter(e -> kind.isEmpty() || e.kind() == kind.get()).limit(max).toList();
    }

    @Override
    public synchronized boolean delete(String device, long key) {
        return calls.removeIf(e -> e.device().equals(device) && e.key() == key);
    }

    @Override
    public synchronized int clear(String device, Optional<CallHistoryStore.Kind> kind) {
        int before = calls.size();
        calls.removeIf(e -> e.device().equals(device) && (kind.isEmpty() || e.kind() == kind.get()));
        return before - calls.size();
    }

    // ---- forwards, headset

    @Override
    public synchronized Map<Integer, Map<ForwardStore.Kind, String>> forwards(String device) {
        Map<Integer, Map<ForwardStore.Kind, String>> out = new java.util.HashMap<>();
        forwards.forEach((key, kinds) -> {
            int slash = key.lastIndexOf('/');
            if (key.substring(0, slash).equals(device) && !kinds.isEmpty()) {
                out.put(Integer.parseInt(key.substring(slash + 1)), Map.copyOf(kinds));
            }
        });
        return out;
    }

    @Override
    public synchronized void set(String device, int line, ForwardStore.Kind kind, Optional<String> target) {
        Map<ForwardStore.Kind, String> m = forwards.computeIfAbsent(device + "/" + line,
                k -> new EnumMap<>(ForwardStore.Kind.class));
        target.ifPresentOrElse(t -> m.put(kind, t), () -> m.remove(kind));
    }

    @Override
    public synchronized Optional<Boolean> headset(String device) {
        return Optional.ofNullable(headsets.get(device));
    }

    @Override
    public synchronized void headset(String device, boolean on) {
        headsets.put(device, on);
    }

    // ---- device claims

    @Override
    public synchronized void claim(String device, String instance, java.time.Instant time) {
        claims.put(device, instance);
    }

    @Override
    public synchronized Map<String, String> owners(java.util.Collection<String> devices) {
        Map<String, String> found = new HashMap<>();
        devices.stream().filter(claims::containsKey).forEach(d -> found.put(d, claims.get(d)));
        return found;
    }
}
