package org.sscpbridge.phone;

import org.sscpbridge.call.RegistrationState;

/**
 * One line key of a registered phone and its SIP registration.
 *
 * @param index  the line key, 1 = the first
 * @param reason why the last attempt failed (a SIP status line or a transport problem); empty when none
 */
public record LineSnapshot(int index, String number, RegistrationState registration, String reason) {

    public LineSnapshot {
        reason = reason == null ? "" : reason;
    }

    /** {@code 2001 registered}, {@code 2002 failed (403 Forbidden)}. */
    @Override
    public String toString() {
        return number + " " + registration.name().toLowerCase(java.util.Locale.ROOT)
                + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
