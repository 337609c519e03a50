package org.sscpbridge.sip;

import java.util.Map;
import java.util.Objects;

/**
 * One carrier trunk as the SIP side uses it (docs/TRUNK.md): where it registers and where calls go
 * through, its digest credentials (empty user: IP authentication, no REGISTER), its domain, which
 * headers carry a line's number as caller id, the prefix rules for dialled numbers and its DIDs
 * (called number to line number).
 */
public record SipTrunk(int index, String registrar, String proxy, String user, String password, String domain,
        boolean callerIdFrom, boolean callerIdPai, String prefixStrip, String prefixAdd, Map<String, String> dids) {
    public SipTrunk {
        Objects.requireNonNull(registrar, "registrar");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(prefixStrip, "prefixStrip");
        Objects.requireNonNull(prefixAdd, "prefixAdd");
        dids = Map.copyOf(dids);
    }

    /** No user: the carrier knows the bridge by its address, nothing registers. */
    public boolean ipAuthentication() {
        return user.isEmpty();
    }

    /**
     * The number a dialled {@code number} becomes on this trunk: the strip prefix taken off when it
     * starts with it, then the add prefix put in front.
     */
    public String outbound(String number) {
        String n = !prefixStrip.isEmpty() && number.startsWith(prefixStrip) ? number.substring(prefixStrip.length())
                : number;
        return prefixAdd + n;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "trunk " + index + " " + registrar + (ipAuthentication() ? " (IP authentication)" : " as " + user);
    }
}
