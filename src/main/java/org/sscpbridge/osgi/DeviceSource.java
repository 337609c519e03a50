package org.sscpbridge.osgi;

import java.util.Optional;
import org.sscpbridge.config.DeviceConfig;

/** One {@code sscp.device} configuration as a service: its device, if the configuration is valid. */
public interface DeviceSource {
    Optional<DeviceConfig> device();
}
