package org.sscpbridge.tools.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sscpbridge.it.support.KamailioServer;

/**
 * What the benchmarks share: device ids, line numbers and passwords (one line per device), the
 * loopback source address of phone i, and the bridge configuration keys for a run against a
 * harness Kamailio. The rig's Kamailio has no MWI server (SUBSCRIBE is answered 404/501), so
 * {@code mwi.subscribe = false}: otherwise every line would retry its subscription with backoff
 * during the run, which is work the scenario does not measure.
 */
public final class Rig {
    static final int FIRST_LINE = 20001;

    private Rig() {
    }

    public static String deviceId(int i) {
        return String.format("SEP%012X", 0xA0000000L + i);
    }

    public static String line(int i) {
        return String.valueOf(FIRST_LINE + i);
    }

    /** Loopback address of phone i with {@code perIp} phones per address: 127.0.1.1, 127.0.1.2, ... */
    public static InetAddress address(int i, int perIp) throws UnknownHostException {
        int ip = i / perIp;
        return InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + ip / 250), (byte) (1 + ip % 250)});
    }

    public static Map<String, String> subscribers(int n) {
        Map<String, String> s = new HashMap<>();
        for (int i = 0; i < n; i++) {
            s.put(line(i), "pw" + line(i));
        }
        return s;
    }

    public static List<Map<String, String>> devices(int n) {
        List<Map<String, String>> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.add(Map.of("device.id", deviceId(i), "line1.number", line(i), "line1.password", "pw" + line(i),
                    "line1.name", "Load " + line(i)));
        }
        return d;
    }

    /** The bridge's keys for a run: loopback ports, the harness's Kamailio, no MWI, {@code extra} on top. */
    public static Map<String, String> bridgeConfig(Path dir, int sscpPort, int sipPort, KamailioServer kamailio,
            Map<String, String> extra) throws java.io.IOException {
        Map<String, String> c = new HashMap<>();
        c.put("sscp.address", "127.0.0.1");
        c.put("sscp.port", String.valueOf(sscpPort));
        c.put("sip.address", "127.0.0.1");
        c.put("sip.port", String.valueOf(sipPort));
        c.put("sip.registrar", kamailio.uri());
        c.put("mwi.subscribe", "false");
        c.put("data.dir", Files.createDirectories(dir.resolve("data")).toString());
        c.putAll(extra);
        return c;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }
}
