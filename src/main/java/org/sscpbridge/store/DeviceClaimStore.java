package org.sscpbridge.store;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Which bridge instance holds each device's registration (table {@code device_claim}), so that
 * bridges sharing one store learn that a phone moved to another of them. Durable.
 */
public interface DeviceClaimStore {

    /** At most this many devices per {@link #owners} query (one statement each). */
    int MAX_QUERY = 500;

    /** {@code instance} accepted {@code device}'s Register at {@code time}: it holds the device now. */
    void claim(String device, String instance, Instant time);

    /**
     * The instance that claimed each of {@code devices} last; devices never claimed are left out.
     * Any number of devices (queried {@link #MAX_QUERY} at a time).
     */
    Map<String, String> owners(Collection<String> devices);
}
