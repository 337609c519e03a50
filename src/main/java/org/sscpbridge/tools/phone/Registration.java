package org.sscpbridge.tools.phone;

/** Where the simulated phone stands with the bridge. */
public enum Registration {
    UNREGISTERED, REGISTERING, REGISTERED,
    /** RegisterReject without a way forward (403, 409, failed challenge): no automatic retry. */
    REFUSED
}
