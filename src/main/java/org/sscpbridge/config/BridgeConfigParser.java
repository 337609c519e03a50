package org.sscpbridge.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the raw properties of PID {@code sscp.bridge} (from ConfigAdmin: strings from a .cfg
 * file, or typed values) into a {@link BridgeConfig}. Every key is optional. A bad value is not
 * silently replaced by a default: the whole configuration is refused with every problem named,
 * so that an operator's typo never runs as something else. Defaults come from {@link Defaults#BRIDGE}.
 */
public final class BridgeConfigParser {
    public static final String DEFAULT_DIGIT_MAP = Defaults.bridge("digitmap");

    private static final Set<String> SIP_SCHEMES = Set.of("sip", "sips");

    private final Map<String, ?> props;
    private final List<String> problems = new ArrayList<>();

    private BridgeConfigParser(Map<String, ?> props) {
        this.props = props;
    }

    public static BridgeConfig parse(Map<String, ?> props) throws ConfigException {
        return new BridgeConfigParser(props).build();
    }

    /** The configuration with every key at its default. */
    public static BridgeConfig defaults() {
        try {
            return parse(Map.of());
        } catch (ConfigException e) {
            throw new IllegalStateException("defaults must be valid", e);
        }
    }

    private BridgeConfig build() throws ConfigException {
        boolean enabled = bool("enabled");
        var sscp = new BridgeConfig.Endpoint(host("sscp.address"), port("sscp.port"));
        // JAIN-SIP cannot bind "any free port": the SIP port must be a real one.
        var sip = new BridgeConfig.Endpoint(host("sip.address"), integer("sip.port", 1, 65_535));
        String registrar = sipUri("sip.registrar", Defaults.bridge("sip.registrar"));
        String proxy = sipUri("sip.proxy", registrar); // default "": the registrar
        String domain = host("sip.domain");
        int expires = integer("register.expires", 60, 86_400);
        int retryBase = integer("register.retry.base", 1, 3_600);
        int retryMax = integer("register.retry.max", 1, 86_400);
        if (retryMax < retryBase) {
            problems.add("register.retry.max: " + retryMax + " is below register.retry.base " + retryBase);
            retryMax = retryBase;
        }
        int registerRate = integer("register.rate", 1, 100_000);
        int keepalive = integer("keepalive", 5, 3_600);
        String digitMap = text("digitmap");
        int interdigit = integer("interdigit.timeout", 1, 60);
        boolean dtmfInfo = bool("dtmf.info");
        boolean autoprovision = bool("autoprovision");
        var store = new BridgeConfig.StoreConfig(Path.of(text("data.dir")), jdbcUrl("store.url"),
                text("store.user"), text("store.password"));
        int historyMax = integer("history.max", 1, 10_000);
        var features = new BridgeConfig.FeatureNumbers(
                text("voicemail.number"),
                text("park.number"),
                text("pickup.code"),
                text("meetme.number"),
                text("conference.uri"),
                Duration.ofSeconds(integer("forward.noanswer.timeout", 5, 300)));
        var limits = new BridgeConfig.Limits(
                integer("sscp.rate.per.second", 1, 100_000),
                integer("sscp.rate.burst", 1, 1_000_000),
                integer("sscp.rate.per.ip", 1, 1_000_000),
                integer("sscp.rate.per.ip.burst", 1, 10_000_000),
                integer("sscp.max.peers", 16, 1_000_000));
        var mwi = new BridgeConfig.Mwi(bool("mwi.subscribe"), sipUri("mwi.server", registrar),
                bool("mwi.unsolicited"));
        var bounds = new BridgeConfig.Bounds(
                integer("sscp.phone.queue.max", 8, 100_000),
                integer("sip.dialog.queue.max", 8, 100_000),
                integer("autoprovision.max", 1, 1_000_000),
                integer("store.queue.max", 16, 1_000_000));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new BridgeConfig(enabled, sscp, sip, registrar, proxy, domain, expires, Duration.ofSeconds(retryBase),
                Duration.ofSeconds(retryMax), registerRate, keepalive, digitMap,
                Duration.ofSeconds(interdigit), dtmfInfo, autoprovision, store, historyMax, features, limits, mwi,
                bounds);
    }

    private String raw(String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private String text(String key, String fallback) {
        String v = raw(key);
        return v == null ? fallback : v;
    }

    /** The value of {@code key}, or its default ({@link Defaults}). */
    private String text(String key) {
        return text(key, Defaults.bridge(key));
    }

    private boolean bool(String key) {
        boolean fallback = Defaults.bridgeBool(key);
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        problems.add(key + ": '" + v + "' is not true or false");
        return fallback;
    }

    private int integer(String key, int min, int max) {
        int fallback = Defaults.bridgeInt(key);
        String v = raw(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                problems.add(key + ": " + n + " is outside " + min + ".." + max);
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add(key + ": '" + v + "' is not a whole number");
            return fallback;
        }
    }

    private int port(String key) {
        return integer(key, 0, 65_535);
    }

    private String host(String key) {
        String fallback = Defaults.bridge(key);
        String v = text(key, fallback);
        if (!v.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            problems.add(key + ": '" + v + "' is not a host name or IP address");
            return fallback;
        }
        return v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
    }

    /** Empty, or a JDBC URL of a database the bridge can reach (PostgreSQL, or H2 for tests). */
    private String jdbcUrl(String key) {
        String v = text(key);
        if (!v.isEmpty() && !v.startsWith("jdbc:postgresql:") && !v.startsWith("jdbc:h2:")) {
            problems.add(key + ": '" + v + "' is not a jdbc:postgresql: (or jdbc:h2:) URL");
            return "";
        }
        return v;
    }

    private String sipUri(String key, String fallback) {
        String v = text(key, fallback);
        try {
            URI uri = new URI(v);
            if (uri.getScheme() == null || !SIP_SCHEMES.contains(uri.getScheme().toLowerCase())) {
                problems.add(key + ": '" + v + "' is not a sip: URI");
                return fallback;
            }
            return v;
        } catch (URISyntaxException e) {
            problems.add(key + ": '" + v + "' is not a sip: URI");
            return fallback;
        }
    }
}
