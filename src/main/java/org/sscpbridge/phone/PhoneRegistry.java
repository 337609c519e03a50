package org.sscpbridge.phone;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registered phones, by device id and by source address (SPEC §4: every message but Register
 * is looked up by address). Several phones behind one NAT address differ by port, so the key is
 * the full IP:port. Thread-safe.
 */
public final class PhoneRegistry {
    private final Map<String, PhoneSession> byDevice = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, PhoneSession> byAddress = new ConcurrentHashMap<>();
    /** Line number to the phone that has it: an INVITE finds its phone without a scan. */
    private final Map<String, PhoneSession> byLine = new ConcurrentHashMap<>();

    public boolean isBound(InetSocketAddress source) {
        return byAddress.containsKey(source);
    }

    public Optional<PhoneSession> at(InetSocketAddress source) {
        return Optional.ofNullable(byAddress.get(source));
    }

    /** The registered phone that has line {@code number}. */
    public Optional<PhoneSession> line(String number) {
        return Optional.ofNullable(byLine.get(number));
    }

    public Optional<PhoneSession> device(String deviceId) {
        return Optional.ofNullable(byDevice.get(deviceId));
    }

    /** Binds a session; the caller has already shut down whatever held its device or address. */
    void bind(PhoneSession session) {
        byDevice.put(session.deviceId(), session);
        byAddress.put(session.address(), session);
        indexLines(session, List.of(), session.lineNumbers());
    }

    /** The session's lines changed (its device was reloaded) from {@code before} to {@code after}. */
    void indexLines(PhoneSession session, List<String> before, List<String> after) {
        before.forEach(n -> byLine.remove(n, session));
        after.forEach(n -> byLine.put(n, session));
    }

    /** Unbinds {@code session}, but never a newer session that took its device or address since. */
    void unbind(PhoneSession session) {
        byDevice.remove(session.deviceId(), session);
        // A session's address never changes after bind (a move makes a new session).
        byAddress.remove(session.address(), session);
        session.lineNumbers().forEach(n -> byLine.remove(n, session));
    }

    public Collection<PhoneSession> all() {
        return List.copyOf(byDevice.values());
    }

    public int size() {
        return byDevice.size();
    }
}
