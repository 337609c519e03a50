package org.sscpbridge.osgi;

import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.config.ConfigException;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.config.DeviceConfigParser;

/**
 * One phone's configuration (factory PID {@code sscp.device}; FileInstall file
 * {@code sscp.device-NAME.cfg}) offered to the bridge as a {@link DeviceSource}. A change to the
 * file reaches only this instance, so only that device is reloaded.
 */
@Component(configurationPid = "sscp.device", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DeviceConfiguration.class, factory = true)
public final class DeviceComponent implements DeviceSource {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceComponent.class);

    private volatile Optional<DeviceConfig> device = Optional.empty();

    @Activate
    public DeviceComponent(Map<String, Object> properties) {
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    private void configure(Map<String, Object> properties) {
        try {
            device = Optional.of(DeviceConfigParser.parse(properties));
        } catch (ConfigException e) {
            // The device stays unknown to the bridge (its phone is refused) until the file is fixed.
            device = Optional.empty();
            LOG.error("configuration {} refused: {}", properties.get("service.pid"), e.getMessage());
        }
    }

    @Override
    public Optional<DeviceConfig> device() {
        return device;
    }
}
