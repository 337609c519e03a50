package org.sscpbridge.osgi;

import java.time.Duration;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.bridge.Bridge;
import org.sscpbridge.bridge.BridgeControl;
import org.sscpbridge.bridge.BridgeException;
import org.sscpbridge.bridge.BridgeStatus;
import org.sscpbridge.config.BridgeConfigParser;
import org.sscpbridge.config.ConfigException;

/**
 * The bridge as a DS component: ConfigAdmin's configuration of PID {@code sscp.bridge} goes in
 * through one {@link #configure} step (at activation and on every change, without deactivating);
 * the bridge comes down with the component.
 */
@Component(service = BridgeControl.class, configurationPid = "sscp.bridge", immediate = true)
@Designate(ocd = BridgeConfiguration.class)
public final class BridgeComponent implements BridgeControl {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeComponent.class);

    private final Bridge bridge = new Bridge();

    @Activate
    public BridgeComponent(Map<String, Object> properties) {
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Deactivate
    void deactivate() {
        bridge.close();
    }

    private void configure(Map<String, Object> properties) {
        try {
            bridge.configure(BridgeConfigParser.parse(properties));
        } catch (ConfigException e) {
            // A refused configuration keeps whatever ran before (or nothing, at first start).
            LOG.error("configuration sscp.bridge refused, previous one kept: {}", e.getMessage());
        }
    }

    @Override
    public BridgeStatus status() {
        return bridge.status();
    }

    @Override
    public BridgeStatus enable() throws BridgeException {
        return bridge.enable();
    }

    @Override
    public BridgeStatus disable() {
        return bridge.disable();
    }

    @Override
    public String sipPing(String uri, Duration timeout) throws BridgeException {
        return bridge.sipPing(uri, timeout);
    }
}
