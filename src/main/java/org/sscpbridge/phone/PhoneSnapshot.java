package org.sscpbridge.phone;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.sscpbridge.call.RegistrationState;

/**
 * A registered phone as the operator sees it ({@code sscp:phones}, the Web Console page, its JSON).
 *
 * @param state    {@code registered} (heard within a keepalive and a half), {@code silent} or {@code closed}
 * @param lastSeen when the phone last sent anything
 * @param lines    its line keys with their SIP registration, in key order
 * @param forwards the forwards set on its lines (only those that are on)
 */
public record PhoneSnapshot(String deviceId, String address, String state, boolean dnd, boolean headset,
        Instant lastSeen, List<LineSnapshot> lines, List<ForwardSnapshot> forwards) {

    public PhoneSnapshot {
        lines = List.copyOf(lines);
        forwards = List.copyOf(forwards);
    }

    /** How many of its lines the registrar holds. */
    public int registeredLines() {
        return (int) lines.stream().filter(l -> l.registration() == RegistrationState.REGISTERED).count();
    }

    /** One row of {@code sscp:phones}: device, address, state (with dnd / headset), lines. */
    @Override
    public String toString() {
        String words = state + (dnd ? " dnd" : "") + (headset ? " headset" : "");
        String lineText = lines.isEmpty() ? "-" : lines.stream().map(LineSnapshot::toString)
                .collect(Collectors.joining(", "));
        return String.format("%-18s %-22s %-10s %s", deviceId, address, words, lineText);
    }
}
