package org.sscpbridge.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The one place that holds the default of every configuration key, as the text a {@code .cfg}
 * file would carry: PID {@code sscp.bridge} ({@link #BRIDGE}) and factory PID {@code sscp.device}
 * ({@link #DEVICE}). {@link BridgeConfigParser} and {@link DeviceConfigParser} take their
 * fallbacks from here; a unit test checks that the metatype descriptions
 * ({@code osgi.BridgeConfiguration}, {@code osgi.DeviceConfiguration}), README-documented
 * {@code felix-config/sscp.bridge.cfg} and these maps agree. An empty text means "not set"; what
 * that means is said per key.
 */
public final class Defaults {
    /** Default of every {@code sscp.bridge} key, in the order the README lists them. */
    public static final Map<String, String> BRIDGE = ordered(
            "enabled", "true",
            "sscp.address", "0.0.0.0",
            "sscp.port", "2000",
            "sip.address", "127.0.0.1",
            "sip.port", "5070",
            "sip.registrar", "sip:127.0.0.1:5060",
            "sip.proxy", "", // empty: the registrar
            "sip.domain", "127.0.0.1",
            "register.expires", "600",
            "register.retry.base", "30",
            "register.retry.max", "1800",
            "register.rate", "200",
            "keepalive", "30",
            "digitmap", "xxxx|*xx|9x.#",
            "interdigit.timeout", "5",
            "dtmf.info", "true",
            "autoprovision", "false",
            "data.dir", "data", // relative: beside bin/ when the launcher says where (BRIDGE_DATA_DIR)
            "store.url", "", // empty: the embedded store in data.dir
            "store.user", "",
            "store.password", "",
            "store.pool", "4", // connections to a shared store at most (StoreSettings.DEFAULT_POOL_SIZE)
            "instance.id", "", // empty: this bridge's SIP address:port (what its Contact carries)
            "instance.poll", "2", // seconds; 0: never look (single bridge)
            "history.max", "100",
            "voicemail.number", "*97",
            "park.number", "*70",
            "pickup.code", "*8",
            "meetme.number", "*30",
            "conference.uri", "", // empty: Confrm / Join answer "Conference not configured"
            "forward.noanswer.timeout", "20",
            "sscp.rate.per.second", "50",
            "sscp.rate.burst", "100",
            "sscp.rate.per.ip", "200",
            "sscp.rate.per.ip.burst", "400",
            "sscp.max.peers", "20000",
            "sip.rate.per.source", "200",
            "sip.rate.per.source.burst", "400",
            "sip.rate.responses.per.source", "1000",
            "sip.rate.responses.per.source.burst", "2000",
            "sip.max.sources", "10000",
            "sip.trusted.sources", "", // besides the configured registrar, proxy and trunk servers
            "sip.queue.max", "2000",
            "sip.calls.max", "2000",
            "sscp.phone.queue.max", "256",
            "sip.dialog.queue.max", "64",
            "autoprovision.max", "1000",
            "store.queue.max", "1000",
            "mwi.subscribe", "true",
            "mwi.server", "", // empty: the registrar
            "mwi.unsolicited", "true",
            "sip.mode", "line", // line: every phone line registers; trunk: lines behind trunk.N (docs/TRUNK.md)
            "trunk.local.calls", "true",
            // trunk.1.* stands for every trunk.N.*: its defaults are those of each trunk.
            "trunk.1.registrar", "", // empty: no such trunk
            "trunk.1.proxy", "", // empty: the trunk's registrar
            "trunk.1.user", "", // empty: IP authentication, no REGISTER
            "trunk.1.password", "",
            "trunk.1.domain", "", // empty: the registrar's host
            "trunk.1.caller.id", "both",
            "trunk.1.prefix.strip", "",
            "trunk.1.prefix.add", "");

    /** Default of every {@code sscp.device} key that has one. */
    public static final Map<String, String> DEVICE = ordered(
            "secret", "", // empty: no Register challenge
            "allowed.networks", "", // empty: from anywhere
            "display.charset", "UTF-8",
            "display.width", "0"); // 0: no limit

    /**
     * {@code sscp.device} keys without a default: required ({@code device.id},
     * {@code line1.number} when the device has lines) or derived ({@code line1.user} is the
     * number, {@code line1.password} and {@code line1.name} empty). {@code line2..8.*} and
     * {@code speeddial2..99} follow {@code line1.*} and {@code speeddial1}.
     */
    public static final Set<String> DEVICE_WITHOUT_DEFAULT = Set.of(
            "device.id", "line1.number", "line1.user", "line1.password", "line1.name", "speeddial1");

    private Defaults() {
    }

    /** The default text of bridge key {@code key}. */
    public static String bridge(String key) {
        return lookup(BRIDGE, key, "sscp.bridge");
    }

    /** The default text of device key {@code key}. */
    public static String device(String key) {
        return lookup(DEVICE, key, "sscp.device");
    }

    static int bridgeInt(String key) {
        return Integer.parseInt(bridge(key));
    }

    static boolean bridgeBool(String key) {
        return Boolean.parseBoolean(bridge(key));
    }

    private static String lookup(Map<String, String> defaults, String key, String pid) {
        String value = defaults.get(key);
        if (value == null) {
            throw new IllegalArgumentException(pid + " has no default for " + key + " (add it to Defaults)");
        }
        return value;
    }

    private static Map<String, String> ordered(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (map.put(keyValues[i], keyValues[i + 1]) != null) {
                throw new IllegalStateException("duplicate default " + keyValues[i]);
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
