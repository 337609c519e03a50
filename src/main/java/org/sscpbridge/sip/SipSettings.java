package org.sscpbridge.sip;

import java.util.Objects;

/**
 * What the SIP user agent needs to know: where it listens, and where its requests go.
 *
 * @param address  local IP address the UA binds (also used in Via and Contact)
 * @param port     local UDP port (0 = any free port)
 * @param registrar URI REGISTERs are sent to
 * @param proxy    outbound proxy URI for every other request
 * @param domain   domain of the lines' AORs
 */
public record SipSettings(String address, int port, String registrar, String proxy, String domain) {
    public SipSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(registrar, "registrar");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(domain, "domain");
    }
}
