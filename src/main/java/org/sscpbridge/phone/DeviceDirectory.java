package org.sscpbridge.phone;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.sscpbridge.config.DeviceConfig;

/**
 * The configured devices, by device id, kept up to date by the configuration side; listeners
 * hear which device changed so that only that phone is touched. Thread-safe.
 */
public final class DeviceDirectory {
    private final Map<String, DeviceConfig> devices = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    public Optional<DeviceConfig> find(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    public void put(DeviceConfig config) {
        DeviceConfig previous = devices.put(config.deviceId(), config);
        if (!config.equals(previous)) {
            listeners.forEach(l -> l.accept(config.deviceId()));
        }
    }

    public void remove(String deviceId) {
        if (devices.remove(deviceId) != null) {
            listeners.forEach(l -> l.accept(deviceId));
        }
    }

    public int size() {
        return devices.size();
    }

    /** Hears the id of every device whose configuration was added, changed or removed. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<String> listener) {
        listeners.remove(listener);
    }
}
