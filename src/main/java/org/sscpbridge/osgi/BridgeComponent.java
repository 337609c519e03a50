package org.sscpbridge.osgi;

import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.bridge.Bridge;
import org.sscpbridge.bridge.BridgeControl;
import org.sscpbridge.bridge.BridgeException;
import org.sscpbridge.bridge.BridgeStatus;
import org.sscpbridge.config.BridgeConfigParser;
import org.sscpbridge.config.ConfigException;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.metrics.MetricsMBeans;
import org.sscpbridge.phone.DeviceDirectory;
import org.sscpbridge.phone.CallSnapshot;
import org.sscpbridge.phone.PhoneSnapshot;
import org.sscpbridge.store.PhoneBookStore;

/**
 * The bridge as a DS component: ConfigAdmin's configuration of PID {@code sscp.bridge} goes in
 * through one {@link #configure} step (at activation and on every change, without deactivating);
 * device configurations arrive as {@link DeviceSource} services; the bridge comes down with the
 * component.
 */
@Component(service = BridgeControl.class, configurationPid = "sscp.bridge", immediate = true)
@Designate(ocd = BridgeConfiguration.class)
public final class BridgeComponent implements BridgeControl {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeComponent.class);

    private final DeviceDirectory devices = new DeviceDirectory();
    /** Which device each configuration names, and how many configurations name each device. Guarded by deviceIds. */
    private final Map<DeviceSource, String> deviceIds = new java.util.HashMap<>();
    private final Map<String, Integer> sourcesPerId = new java.util.HashMap<>();
    private final Bridge bridge = new Bridge(devices);
    /** The MBeans of domain org.sscpbridge, in the platform MBean server for the component's life. */
    private final MetricsMBeans mbeans;

    @Activate
    public BridgeComponent(Map<String, Object> properties) {
        mbeans = MetricsMBeans.register(ManagementFactory.getPlatformMBeanServer(), bridge.metrics());
        configure(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties);
    }

    @Deactivate
    void deactivate() {
        bridge.close();
        mbeans.close();
    }

    /**
     * The launcher says where {@code data} beside {@code bin/} is ({@code -Dsscp.data.dir}, from
     * {@code BRIDGE_DATA_DIR}): that is {@code data.dir} unless the configuration names one, so a
     * relative default never depends on the folder the bridge was started from.
     */
    private static Map<String, Object> withDataDir(Map<String, Object> properties) {
        String launcherDir = System.getProperty("sscp.data.dir");
        Object configured = properties.get("data.dir");
        if (launcherDir == null || (configured != null && !configured.toString().isBlank())) {
            return properties;
        }
        Map<String, Object> copy = new java.util.HashMap<>(properties);
        copy.put("data.dir", launcherDir);
        return copy;
    }

    private void configure(Map<String, Object> properties) {
        try {
            bridge.configure(BridgeConfigParser.parse(withDataDir(properties)));
        } catch (ConfigException e) {
            // A refused configuration keeps whatever ran before (or nothing, at first start).
            LOG.error("configuration sscp.bridge refused, previous one kept: {}", e.getMessage());
            bridge.configurationRefused(e.getMessage());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDevice(DeviceSource source) {
        updateDevice(source);
    }

    void updatedDevice(DeviceSource source) {
        updateDevice(source);
    }

    void removeDevice(DeviceSource source) {
        synchronized (deviceIds) {
            String id = deviceIds.remove(source);
            if (id != null && release(id)) {
                devices.remove(id);
            }
        }
    }

    private void updateDevice(DeviceSource source) {
        Optional<DeviceConfig> device = source.device();
        synchronized (deviceIds) {
            String previous = device.isPresent() ? deviceIds.put(source, device.get().deviceId()) : deviceIds.remove(source);
            if (previous != null && release(previous) && device.map(d -> !d.deviceId().equals(previous)).orElse(true)) {
                devices.remove(previous);
            }
            device.ifPresent(d -> {
                sourcesPerId.merge(d.deviceId(), 1, Integer::sum);
                devices.put(d);
            });
        }
    }

    /**
     * One source of {@code id} fewer; true when none is left. A count, not a scan of
     * {@link #deviceIds}: with thousands of device files, stopping the bridge removed every source
     * with an O(N) scan each (quadratic; the top bridge frame of a 5 000-device stop's profile).
     */
    private boolean release(String id) {
        return sourcesPerId.compute(id, (k, n) -> n == null || n <= 1 ? null : n - 1) == null;
    }

    @Override
    public BridgeStatus status() {
        return bridge.status();
    }

    @Override
    public List<PhoneSnapshot> phones() {
        return bridge.phones();
    }

    @Override
    public List<CallSnapshot> calls() {
        return bridge.calls();
    }

    @Override
    public String forward(String deviceId, int line, String kind, String number) throws BridgeException {
        return bridge.forward(deviceId, line, kind, number);
    }

    @Override
    public String reload(String deviceId) throws BridgeException {
        return bridge.reload(deviceId);
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

    @Override
    public List<PhoneBookStore.Entry> phoneBook(String owner) throws BridgeException {
        return bridge.phoneBook(owner);
    }

    @Override
    public PhoneBookStore.Entry phoneBookAdd(String owner, String id, String lastName, String firstName,
            String number) throws BridgeException {
        return bridge.phoneBookAdd(owner, id, lastName, firstName, number);
    }

    @Override
    public boolean phoneBookRemove(String owner, String id) throws BridgeException {
        return bridge.phoneBookRemove(owner, id);
    }

    @Override
    public String phoneBookImport(Path file, String owner) throws BridgeException {
        return bridge.phoneBookImport(file, owner);
    }

    @Override
    public String phoneBookExport(Path file, String owner) throws BridgeException {
        return bridge.phoneBookExport(file, owner);
    }

    @Override
    public String debug(String deviceId, boolean on) throws BridgeException {
        return bridge.debug(deviceId, on);
    }
}
