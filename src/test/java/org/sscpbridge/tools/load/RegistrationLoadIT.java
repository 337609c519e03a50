package org.sscpbridge.tools.load;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sscpbridge.it.support.FreePorts;
import org.sscpbridge.it.support.KamailioServer;
import org.sscpbridge.phone.DeviceDirectory;

/**
 * The load harness's pieces, small: 50 phones register at once through the in-process bridge and
 * every line gets its binding at a real Kamailio; closing the bridge removes all of them. Checks
 * correctness under a burst only; speed is the harness's business (bin/load-registrations).
 */
class RegistrationLoadIT {
    private static final int PHONES = 50;
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path work;

    @Test
    @Timeout(60)
    void fiftyPhonesAtOnceGetFiftyBindingsAndNoneOutlivesTheBridge() throws Exception {
        Set<String> numbers = new TreeSet<>(LoadAccounts.subscribers(PHONES).keySet());
        try (KamailioServer kamailio = KamailioServer.start(work, LoadAccounts.subscribers(PHONES))) {
            DeviceDirectory devices = new DeviceDirectory();
            for (int i = 0; i < PHONES; i++) {
                devices.put(LoadAccounts.device(i, true));
            }
            int sscpPort = FreePorts.udp();
            // All phones on 127.0.0.1 (one NAT address, one port each): 50 phones stay within the per-IP burst.
            try (InProcessBridge bridge = InProcessBridge.start(devices, sscpPort, kamailio.uri(), 30, 600);
                    PhoneFleet phones = PhoneFleet.open(bridge.sscpAddress(), PHONES, new SourceAddresses(0))) {
                WaveResult wave = phones.register(new PhoneFleet.WaveSpec(0, PHONES, 0, 0, true, BOUND));

                assertTrue(wave.allCompleted(), "every phone shows its line registered: " + wave.describe());
                await().atMost(BOUND).until(() -> kamailio.boundUsers().containsAll(numbers));
                assertEquals(PHONES, bridge.status().phones());

                bridge.close();
                Set<String> left = new TreeSet<>(kamailio.boundUsers());
                left.retainAll(numbers);
                assertEquals(Set.of(), left, "bindings that outlived the bridge");
            }
        }
    }
}
