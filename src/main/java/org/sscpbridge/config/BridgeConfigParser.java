package org.sscpbridge.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
                text("store.user"), text("store.password"), integer("store.pool", 1, 100));
        var instance = new BridgeConfig.Instance(instanceId(sip), Duration.ofSeconds(integer("instance.poll", 0, 300)));
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
        var sipLimits = new BridgeConfig.SipLimits(
                integer("sip.rate.per.source", 1, 1_000_000),
                integer("sip.rate.per.source.burst", 1, 10_000_000),
                integer("sip.rate.responses.per.source", 1, 1_000_000),
                integer("sip.rate.responses.per.source.burst", 1, 10_000_000),
                integer("sip.max.sources", 16, 1_000_000),
                integer("sip.queue.max", 16, 1_000_000),
                integer("sip.calls.max", 1, 1_000_000),
                Cidr.parseList(raw("sip.trusted.sources"), "sip.trusted.sources", problems));
        var mwi = new BridgeConfig.Mwi(bool("mwi.subscribe"), sipUri("mwi.server", registrar),
                bool("mwi.unsolicited"));
        var trunking = trunking();
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
                Duration.ofSeconds(interdigit), dtmfInfo, autoprovision, store, historyMax, features, limits, mwi, instance,
                trunking, sipLimits, bounds);
    }

    /** {@code instance.id}, default this bridge's SIP address:port: unique wherever Contacts must differ. */
    private String instanceId(BridgeConfig.Endpoint sip) {
        String v = text("instance.id");
        if (v.isEmpty()) {
            return sip.toString();
        }
        if (v.length() > 255 || !v.matches("[\\x21-\\x7e]+")) {
            problems.add("instance.id: '" + v + "' is not 1..255 printable ASCII characters without spaces");
            return sip.toString();
        }
        return v;
    }

    /** Keys of one trunk, beside {@code did.NUMBER}: what may follow {@code trunk.N.}. */
    private static final Set<String> TRUNK_KEYS = Set.of("registrar", "proxy", "user", "password", "domain",
            "caller.id", "prefix.strip", "prefix.add");
    private static final Pattern TRUNK_KEY = Pattern.compile("trunk\\.(\\d{1,3})\\.(.+)");
    /** A dialable number: what a DID, a line number or a prefix may hold. */
    private static final Pattern NUMBER = Pattern.compile("[0-9*#+]{1,32}");

    /**
     * {@code sip.mode}, {@code trunk.local.calls} and every {@code trunk.N.*}: trunks numbered from
     * 1 without gaps, each with a registrar; a DID on one trunk only; trunk mode needs trunk 1.
     */
    private BridgeConfig.Trunking trunking() {
        String mode = text("sip.mode").toLowerCase(java.util.Locale.ROOT);
        if (!mode.equals("line") && !mode.equals("trunk")) {
            problems.add("sip.mode: '" + mode + "' is neither line nor trunk");
        }
        boolean localCalls = bool("trunk.local.calls");
        SortedMap<Integer, Map<String, String>> byIndex = new TreeMap<>();
        for (String key : props.keySet()) {
            Matcher m = TRUNK_KEY.matcher(key);
            if (key.equals("trunk.local.calls")) {
                continue;
            }
            if (!m.matches()) {
                if (key.startsWith("trunk.")) {
                    problems.add(key + ": not a trunk key (trunk.N.registrar, .user, .did.NUMBER ...)");
                }
                continue;
            }
            int n = Integer.parseInt(m.group(1));
            String suffix = m.group(2);
            if (n < 1) {
                problems.add(key + ": trunks are numbered from 1");
            } else if (!TRUNK_KEYS.contains(suffix) && !suffix.startsWith("did.")) {
                problems.add(key + ": not a trunk key (registrar, proxy, user, password, domain, caller.id, "
                        + "prefix.strip, prefix.add, did.NUMBER)");
            } else if (raw(key) != null && !(TRUNK_KEYS.contains(suffix)
                    && raw(key).equals(Defaults.bridge("trunk.1." + suffix)))) {
                // A key at its default (the metatype hands every trunk.1 key over) makes no trunk.
                byIndex.computeIfAbsent(n, i -> new java.util.HashMap<>()).put(suffix, raw(key));
            }
        }
        List<BridgeConfig.Trunk> trunks = new ArrayList<>();
        Map<String, Integer> didOwner = new java.util.HashMap<>();
        int expected = 1;
        for (var e : byIndex.entrySet()) {
            int n = e.getKey();
            if (n != expected) {
                problems.add("trunk." + expected + ": missing (trunks are numbered 1, 2, 3 ... without gaps, "
                        + "trunk." + n + " is set)");
            }
            expected = n + 1;
            BridgeConfig.Trunk t = trunk(n, e.getValue(), didOwner);
            if (t != null) {
                trunks.add(t);
            }
        }
        boolean trunkMode = mode.equals("trunk");
        if (trunkMode && trunks.isEmpty() && !byIndex.containsKey(1)) {
            problems.add("sip.mode: trunk needs trunk.1.registrar (a sip: URI)");
        }
        return new BridgeConfig.Trunking(trunkMode, localCalls, trunks);
    }

    /** Trunk {@code n} from its keys (without the {@code trunk.N.} prefix); null when refused. */
    private BridgeConfig.Trunk trunk(int n, Map<String, String> keys, Map<String, Integer> didOwner) {
        String at = "trunk." + n + ".";
        int before = problems.size();
        String registrarText = keys.get("registrar");
        String registrar = "";
        String host = "";
        if (registrarText == null) {
            problems.add(at + "registrar: missing (trunk " + n + " has other keys)");
        } else {
            registrar = sipUri(at + "registrar", registrarText, "");
            host = uriHost(registrar);
        }
        String proxy = keys.containsKey("proxy") ? sipUri(at + "proxy", keys.get("proxy"), "") : registrar;
        String user = keys.getOrDefault("user", Defaults.bridge("trunk.1.user"));
        if (!user.matches("[A-Za-z0-9._~+*#!$&'()=,;?/%-]{1,64}") && !user.isEmpty()) {
            problems.add(at + "user: '" + user + "' is not a SIP user name");
        }
        String password = keys.getOrDefault("password", Defaults.bridge("trunk.1.password"));
        if (!user.isEmpty() && password.isEmpty()) {
            problems.add(at + "password: missing (trunk.N.user is set; leave the user empty for IP authentication)");
        }
        String domain = keys.getOrDefault("domain", host);
        if (!domain.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            problems.add(at + "domain: '" + domain + "' is not a host name or IP address");
        }
        String callerId = keys.getOrDefault("caller.id", Defaults.bridge("trunk.1.caller.id"));
        boolean from = false;
        boolean pai = false;
        for (String h : callerId.toLowerCase(java.util.Locale.ROOT).split("[,\\s]+")) {
            switch (h) {
                case "from" -> from = true;
                case "pai", "p-asserted-identity" -> pai = true;
                case "both" -> {
                    from = true;
                    pai = true;
                }
                case "none" -> { }
                default -> problems.add(at + "caller.id: '" + h + "' is not from, pai, both or none");
            }
        }
        String strip = prefix(at + "prefix.strip", keys.getOrDefault("prefix.strip", ""));
        String add = prefix(at + "prefix.add", keys.getOrDefault("prefix.add", ""));
        Map<String, String> dids = new java.util.HashMap<>();
        for (var k : keys.entrySet()) {
            if (!k.getKey().startsWith("did.")) {
                continue;
            }
            String did = k.getKey().substring(4);
            String line = k.getValue();
            if (!NUMBER.matcher(did).matches()) {
                problems.add(at + k.getKey() + ": '" + did + "' is not a number (digits, *, #, +)");
            } else if (!NUMBER.matcher(line).matches()) {
                problems.add(at + k.getKey() + ": '" + line + "' is not a line number (digits, *, #, +)");
            } else {
                Integer other = didOwner.putIfAbsent(did, n);
                if (other != null) {
                    problems.add(at + k.getKey() + ": DID " + did + " is already trunk " + other + "'s");
                } else {
                    dids.put(did, line);
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new BridgeConfig.Trunk(n, registrar, proxy, user, password, domain, from, pai, strip, add, dids);
    }

    /** Empty, or digits (and * # +) a dialled number may start with. */
    private String prefix(String key, String v) {
        if (!v.isEmpty() && !v.matches("[0-9*#+]{1,16}")) {
            problems.add(key + ": '" + v + "' is not a prefix (up to 16 of digits, *, #, +)");
            return "";
        }
        return v;
    }

    /** The host of a sip: URI (without user, port, parameters), or empty. */
    private static String uriHost(String sipUri) {
        String rest = sipUri.substring(sipUri.indexOf(':') + 1);
        int at = rest.indexOf('@');
        rest = at >= 0 ? rest.substring(at + 1) : rest;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            return close > 0 ? rest.substring(1, close) : "";
        }
        return rest.split("[:;?]", 2)[0];
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
        return sipUri(key, text(key, fallback), fallback);
    }

    private String sipUri(String key, String v, String fallback) {
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
