package org.sscpbridge.tools.load;

import java.io.IOException;
import java.time.Duration;
import org.sscpbridge.config.ConfigException;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.phone.DeviceDirectory;

/**
 * One round through the bridge: a fresh in-process bridge with {@code count} one-line devices,
 * the fleet's phones register, and a phone is done when the bridge shows it "Line N: registered"
 * (sent when that line's REGISTER got its 200 OK, so the time is REGISTER → 200, not a poll
 * interval). Then the bridge closes, which must remove every binding.
 */
final class BridgedRegistrations {
    private final PhoneFleet fleet;
    private final KamailioServer kamailio;
    private final int expires;

    BridgedRegistrations(PhoneFleet fleet, KamailioServer kamailio, int expires) {
        this.fleet = fleet;
        this.kamailio = kamailio;
        this.expires = expires;
    }

    /**
     * @param registersPerSecond how fast phones send Register; 0 = no pace
     * @param window most phones between Register and "registered" at a time; 0 = no bound
     */
    RoundOutcome run(int count, double registersPerSecond, int window, Duration timeout)
            throws ConfigException, InterruptedException, IOException {
        DeviceDirectory devices = new DeviceDirectory();
        for (int i = 0; i < count; i++) {
            devices.put(LoadAccounts.device(i, true));
        }
        // A fresh SSCP port per round: the last round's may have been taken since (see PhoneFleet.retarget).
        InProcessBridge bridge = InProcessBridge.start(devices, FreePorts.udp(), kamailio.uri(), 30, expires);
        fleet.retarget(bridge.sscpAddress());
        Duration teardown;
        WaveResult wave;
        int contactsWhenDone;
        String counters;
        java.util.Map<String, Double> cpu;
        try {
            CpuSplit before = CpuSplit.take(kamailio.pid());
            wave = fleet.register(new PhoneFleet.WaveSpec(0, count, registersPerSecond, window, true, timeout));
            cpu = CpuSplit.take(kamailio.pid()).since(before);
            contactsWhenDone = kamailio.contactCount();
            counters = bridge.status().sscpCounters();
        } finally {
            teardown = bridge.closeTimed();
        }
        return new RoundOutcome("bridged", wave, contactsWhenDone, kamailio.contactCount(), teardown, counters, cpu);
    }
}
