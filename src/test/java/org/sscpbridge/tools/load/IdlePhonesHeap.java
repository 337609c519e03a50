package org.sscpbridge.tools.load;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.management.JMException;
import org.sscpbridge.bridge.BridgeStatus;
import org.sscpbridge.config.ConfigException;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.phone.DeviceDirectory;

/**
 * Heap per registered idle phone: a fresh in-process bridge, heap measured (1) with no devices,
 * (2) with every device configured, (3) with every phone registered and idle. (2)-(1) is what
 * the configuration costs, (3)-(2) what a registered session costs (with its line's SIP
 * registration when devices have a line). Keepalive and expiry are at their maximum so that
 * nothing is sent while the phones sit idle.
 */
final class IdlePhonesHeap {
    private static final int IDLE_KEEPALIVE = 3_600;
    private static final int IDLE_EXPIRES = 3_600;

    /** What one measurement found. */
    record Outcome(int phones, boolean withLine, HeapMeter.Snapshot empty, HeapMeter.Snapshot configured,
            HeapMeter.Snapshot registered, WaveResult wave, BridgeStatus status, int contacts, int contactsAfterClose,
            Duration close) {

        double configBytesPerPhone() {
            return (configured.liveBytes() - empty.liveBytes()) / (double) phones;
        }

        double sessionBytesPerPhone() {
            return (registered.liveBytes() - configured.liveBytes()) / (double) phones;
        }

        double usedSessionBytesPerPhone() {
            return (registered.usedBytes() - configured.usedBytes()) / (double) phones;
        }

        String describe(int topClasses) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                    "%d idle phones, %s: registered %s%n"
                            + "  bridge: %d phones, %d lines registered; Kamailio contacts %d%n"
                            + "  live heap: empty %.1f MiB, configured %.1f MiB, registered %.1f MiB%n"
                            + "  per phone: session %.0f B = %.2f KiB (used-heap view %.2f KiB), configuration %.0f B%n"
                            + "  close: %.2f s, Kamailio contacts left %d%n"
                            + "  heap growth by class, configured -> registered (bytes per phone):%n",
                    phones, withLine ? "1 line each" : "0 lines", wave.describe(), status.phones(),
                    status.linesRegistered(), contacts, mib(empty.liveBytes()), mib(configured.liveBytes()),
                    mib(registered.liveBytes()), sessionBytesPerPhone(), sessionBytesPerPhone() / 1024,
                    usedSessionBytesPerPhone() / 1024, configBytesPerPhone(), close.toMillis() / 1e3,
                    contactsAfterClose));
            List<ClassHistogram.Entry> growth = registered.histogram().growthSince(configured.histogram(), topClasses);
            for (ClassHistogram.Entry e : growth) {
                b.append(String.format(Locale.ROOT, "    %8.1f B  %7.2f obj  %s%n", e.bytes() / (double) phones,
                        e.instances() / (double) phones, e.className()));
            }
            return b.toString();
        }

        private static double mib(long bytes) {
            return bytes / 1024.0 / 1024.0;
        }
    }

    private final PhoneFleet fleet;
    private final KamailioServer kamailio;
    private final int sscpPort;
    private final HeapMeter heap = new HeapMeter();

    IdlePhonesHeap(PhoneFleet fleet, KamailioServer kamailio, int sscpPort) {
        this.fleet = fleet;
        this.kamailio = kamailio;
        this.sscpPort = sscpPort;
    }

    Outcome measure(boolean withLine, double registersPerSecond, Duration settle, Duration timeout)
            throws ConfigException, JMException, InterruptedException, IOException {
        int phones = fleet.size();
        DeviceDirectory devices = new DeviceDirectory();
        InProcessBridge bridge = InProcessBridge.start(devices, sscpPort, kamailio.uri(), IDLE_KEEPALIVE, IDLE_EXPIRES);
        try {
            HeapMeter.Snapshot empty = heap.measure();
            for (int i = 0; i < phones; i++) {
                devices.put(LoadAccounts.device(i, withLine));
            }
            HeapMeter.Snapshot configured = heap.measure();
            WaveResult wave = fleet.register(new PhoneFleet.WaveSpec(0, phones, registersPerSecond, 0, withLine, timeout));
            // Finished SIP transactions linger for Timer K (5 s over UDP): measure the idle state, not their tail.
            Thread.sleep(settle.toMillis());
            HeapMeter.Snapshot registered = heap.measure();
            BridgeStatus status = bridge.status();
            int contacts = kamailio.contactCount();
            Duration close = bridge.closeTimed();
            return new Outcome(phones, withLine, empty, configured, registered, wave, status, contacts,
                    kamailio.contactCount(), close);
        } finally {
            bridge.close();
        }
    }
}
