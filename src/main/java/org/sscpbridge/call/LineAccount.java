package org.sscpbridge.call;

import java.util.Objects;

/**
 * One phone line as the SIP side knows it: the number (AOR user part), the digest credentials,
 * and the display name used in From headers.
 */
public record LineAccount(String number, String authUser, String password, String displayName) {
    public LineAccount {
        Objects.requireNonNull(number, "number");
        authUser = authUser == null || authUser.isBlank() ? number : authUser;
        password = password == null ? "" : password;
        displayName = displayName == null ? "" : displayName;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "LineAccount[" + number + ", user " + authUser + "]";
    }
}
