package org.sscpbridge.store;

import java.util.Optional;

/** Small per-device facts the bridge remembers across restarts: the headset (message 11). Durable. */
public interface DeviceStateStore {

    /** The device's last reported headset mode, if it ever reported one. */
    Optional<Boolean> headset(String device);

    void headset(String device, boolean on);
}
