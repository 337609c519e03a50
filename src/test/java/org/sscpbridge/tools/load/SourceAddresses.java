package org.sscpbridge.tools.load;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which loopback address phone {@code i} sends from. The bridge limits datagrams per source IP
 * (EndpointConfig.defaults(): 200/s, burst 400), so a thousand phones on 127.0.0.1 measure that
 * limiter, not the bridge. Linux routes all of 127.0.0.0/8 to the loopback interface, so phones
 * can be spread over 127.0.0.1, 127.0.0.2, ... like phones behind different NAT addresses.
 * {@code phonesPerIp} 0 keeps every phone on 127.0.0.1 (phones behind one NAT).
 */
record SourceAddresses(int phonesPerIp) {
    /** Highest last octet used: 127.0.0.1 .. 127.0.0.254. */
    static final int MAX_ADDRESSES = 254;

    SourceAddresses {
        if (phonesPerIp < 0) {
            throw new IllegalArgumentException("phones per IP must be 0 (all on 127.0.0.1) or more: " + phonesPerIp);
        }
    }

    InetAddress of(int phone) {
        int octet = phonesPerIp == 0 ? 1 : 1 + phone / phonesPerIp;
        if (octet > MAX_ADDRESSES) {
            throw new IllegalArgumentException("phone " + phone + " needs more than " + MAX_ADDRESSES
                    + " loopback addresses at " + phonesPerIp + " phones per IP");
        }
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) octet});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }

    /** How many distinct addresses {@code phones} phones use. */
    int addressesFor(int phones) {
        return phones == 0 ? 0 : phonesPerIp == 0 ? 1 : (phones + phonesPerIp - 1) / phonesPerIp;
    }
}
