package org.sscpbridge.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sscpbridge.bridge.BridgeControl;
import org.sscpbridge.bridge.BridgeStatus;
import org.sscpbridge.phone.CallSnapshot;
import org.sscpbridge.phone.ForwardSnapshot;
import org.sscpbridge.phone.LineSnapshot;
import org.sscpbridge.phone.PhoneSnapshot;

/**
 * One look at the bridge for the page and its JSON: what {@link BridgeControl} answers, taken once per request,
 * nothing computed beyond presentation.
 *
 * @param now when it was taken (for "seconds ago")
 */
record BridgeView(BridgeStatus status, List<PhoneSnapshot> phones, List<CallSnapshot> calls, Instant now) {

    BridgeView {
        phones = List.copyOf(phones);
        calls = List.copyOf(calls);
    }

    static BridgeView of(BridgeControl bridge) {
        return new BridgeView(bridge.status(), bridge.phones(), bridge.calls(), Instant.now());
    }

    boolean enabled() {
        return status.enabled();
    }

    /**
     * Every component of the status record, by name (so whatever the status learns to say shows up here too),
     * and its text as {@code sscp:status} prints it.
     */
    Map<String, Object> statusMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : BridgeStatus.class.getRecordComponents()) {
            m.put(c.getName(), component(c));
        }
        m.put("text", status.toString());
        return m;
    }

    /** The status's numbers (phones, lines registered, calls and any counter it gains) and the datagram counters. */
    Map<String, Object> counters() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (RecordComponent c : BridgeStatus.class.getRecordComponents()) {
            Class<?> t = c.getType();
            if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
                m.put(c.getName(), component(c));
            }
        }
        m.put("sscpDatagrams", status.sscpCounters() == null ? "" : status.sscpCounters());
        return m;
    }

    private Object component(RecordComponent c) {
        try {
            return c.getAccessor().invoke(status);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    static Map<String, Object> phone(PhoneSnapshot p, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deviceId", p.deviceId());
        m.put("address", p.address());
        m.put("state", p.state());
        m.put("dnd", p.dnd());
        m.put("headset", p.headset());
        m.put("lastSeen", p.lastSeen());
        m.put("lastSeenSecondsAgo", p.lastSeen() == null ? null
                : Math.max(0, Duration.between(p.lastSeen(), now).toSeconds()));
        m.put("lines", p.lines().stream().map(BridgeView::line).toList());
        m.put("forwards", p.forwards().stream().map(BridgeView::forward).toList());
        return m;
    }

    static Map<String, Object> line(LineSnapshot l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", l.index());
        m.put("number", l.number());
        m.put("registration", registration(l));
        m.put("reason", l.reason());
        return m;
    }

    static String registration(LineSnapshot l) {
        return l.registration().name().toLowerCase(java.util.Locale.ROOT);
    }

    static Map<String, Object> forward(ForwardSnapshot f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("line", f.line());
        m.put("kind", f.kindName());
        m.put("target", f.target());
        return m;
    }

    static Map<String, Object> call(CallSnapshot c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("callId", c.callId());
        m.put("deviceId", c.deviceId());
        m.put("line", c.line());
        m.put("direction", c.direction());
        m.put("farParty", c.farParty());
        m.put("state", c.state());
        m.put("sipCallId", c.sipCallId());
        return m;
    }

    /** The JSON view ({@code sscp.json}). */
    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", enabled());
        m.put("time", now);
        m.put("counters", counters());
        m.put("status", statusMap());
        m.put("phones", phones.stream().map(p -> phone(p, now)).toList());
        m.put("calls", calls.stream().map(BridgeView::call).toList());
        return Json.toJson(m);
    }
}
