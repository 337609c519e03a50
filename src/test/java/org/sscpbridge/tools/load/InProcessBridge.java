package org.sscpbridge.tools.load;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import org.sscpbridge.bridge.Bridge;
import org.sscpbridge.bridge.BridgeStatus;
import org.sscpbridge.config.BridgeConfigParser;
import org.sscpbridge.config.ConfigException;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.phone.DeviceDirectory;

/**
 * The bridge as plain Java (no Felix), configured the way the load run needs: SSCP on a given
 * loopback port, SIP on a free one, registrar = the run's Kamailio, and the same retry policy as
 * the bare UA gets (1 s base, 4 s ceiling), so that a rare failure costs both sides the same.
 */
final class InProcessBridge implements AutoCloseable {
    static final int RETRY_BASE_SECONDS = 1;
    static final int RETRY_MAX_SECONDS = 4;
    /** High enough not to pace the benchmark: bridged and bare send as fast as they can. */
    static final int REGISTER_RATE = 10_000;

    private final Bridge bridge;
    private final DeviceDirectory devices;
    private final InetSocketAddress sscp;

    private InProcessBridge(Bridge bridge, DeviceDirectory devices, InetSocketAddress sscp) {
        this.bridge = bridge;
        this.devices = devices;
        this.sscp = sscp;
    }

    /**
     * @param keepalive seconds told to phones; the idle-heap run uses the maximum so that idle
     *     phones need not send KeepAlives while the heap is measured
     * @param expires seconds asked in REGISTER; long enough that no refresh falls into a measurement
     */
    static InProcessBridge start(DeviceDirectory devices, int sscpPort, String registrar, int keepalive, int expires)
            throws ConfigException {
        Bridge bridge = new Bridge(devices);
        bridge.configure(BridgeConfigParser.parse(Map.ofEntries(
                Map.entry("sscp.address", "127.0.0.1"),
                Map.entry("sscp.port", String.valueOf(sscpPort)),
                Map.entry("sip.address", "127.0.0.1"),
                Map.entry("sip.port", String.valueOf(FreePorts.udp())),
                Map.entry("sip.registrar", registrar),
                Map.entry("keepalive", String.valueOf(keepalive)),
                Map.entry("register.expires", String.valueOf(expires)),
                Map.entry("register.retry.base", String.valueOf(RETRY_BASE_SECONDS)),
                Map.entry("register.retry.max", String.valueOf(RETRY_MAX_SECONDS)),
                Map.entry("register.rate", String.valueOf(REGISTER_RATE)),
                // Only the registration is measured (the bare UA sends no SUBSCRIBE either); with MWI on, each
                // line also subscribes at the registrar, which doubles the storm's SIP transactions.
                Map.entry("mwi.subscribe", "false"))));
        BridgeStatus status = bridge.status();
        if (!status.enabled()) {
            bridge.close();
            throw new IllegalStateException("bridge did not start: " + status.lastError());
        }
        return new InProcessBridge(bridge, devices, new InetSocketAddress("127.0.0.1", sscpPort));
    }

    DeviceDirectory devices() {
        return devices;
    }

    InetSocketAddress sscpAddress() {
        return sscp;
    }

    BridgeStatus status() {
        return bridge.status();
    }

    /** Closes the bridge (phones told Reset, bindings removed) and says how long that took. */
    Duration closeTimed() {
        long t0 = System.nanoTime();
        bridge.close();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Override
    public void close() {
        bridge.close();
    }
}
