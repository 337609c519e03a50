package org.sscpbridge.sscp.message;

/**
 * An RTP address: an IP literal (IPv4 dotted quad or IPv6, never a host name, so nothing here can
 * trigger a DNS lookup) and a UDP port 1..65535. Used by Register Media, MediaInfo Media and
 * StartMedia Remote.
 */
public record MediaAddress(String ip, int port) {
    public MediaAddress {
        if (!IpLiteral.isValid(ip)) {
            throw new IllegalArgumentException("not an IP address literal: " + Checks.quote(ip));
        }
        Checks.range(port, 1, 65535, "port");
    }
}
