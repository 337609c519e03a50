package org.sscpbridge.phone;

/** One row of {@code sscp:phones}; {@code registeredLines} counts lines the registrar holds. */
public record PhoneSnapshot(String deviceId, String address, String state, String lines, int registeredLines) {
    @Override
    public String toString() {
        return String.format("%-18s %-22s %-10s %s", deviceId, address, state, lines.isEmpty() ? "-" : lines);
    }
}
