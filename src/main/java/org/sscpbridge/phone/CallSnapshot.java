package org.sscpbridge.phone;

/** One row of {@code sscp:calls}. */
public record CallSnapshot(String callId, String deviceId, int line, String direction, String farParty,
        String state, String sipCallId) {
    @Override
    public String toString() {
        return String.format("%-9s %-18s %-4d %-4s %-16s %-13s %s", callId, deviceId, line, direction,
                farParty.isEmpty() ? "-" : farParty, state, sipCallId == null ? "-" : sipCallId);
    }
}
