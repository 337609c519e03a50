package org.sscpbridge.call;

import java.time.Instant;

/**
 * A line's registration at a moment: its state, why (a SIP status line or a transport problem),
 * and when the next attempt or refresh is due (null when none is).
 */
public record RegistrationStatus(RegistrationState state, String reason, Instant nextAttempt) {

    public static RegistrationStatus of(RegistrationState state, String reason) {
        return new RegistrationStatus(state, reason, null);
    }

    @Override
    public String toString() {
        return state.name().toLowerCase() + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
