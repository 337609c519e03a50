package org.sscpbridge.osgi;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.sscpbridge.config.BridgeConfigParser;
import org.sscpbridge.config.ConfigException;
import org.sscpbridge.config.Defaults;
import org.sscpbridge.config.DeviceConfigParser;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One place for every default: the metatype descriptions ({@link BridgeConfiguration},
 * {@link DeviceConfiguration}), the parsers and {@code felix-config/*.cfg} all agree with
 * {@link Defaults}. New annotation methods are picked up on their own: a key added to the
 * metatype but not to {@code Defaults} (or the other way round) fails here, naming it.
 */
class DefaultsAgreementTest {
    /**
     * {@code sscp.bridge.cfg} values that deliberately differ from the default, with the reason.
     * None: the shipped file shows the defaults.
     */
    private static final Map<String, String> CFG_DIFFERS_ON_PURPOSE = Map.of();

    /** Numbered device keys the metatype describes by their first instance (line1.*, speeddial1). */
    private static final Pattern NUMBERED_DEVICE_KEY = Pattern.compile("(line)[1-8](\\.(number|user|password|name))|(speeddial)\\d{1,2}");

    /** Key of an annotation method as OSGi metatype / DS name it (Metatype 1.4 §105.15.2.2). */
    static String key(String methodName) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            if (c == '$') {
                if (methodName.startsWith("$$", i)) {
                    sb.append('$');
                    i++;
                } else if (methodName.startsWith("$_$", i)) {
                    sb.append('-');
                    i += 2;
                }
                // a single '$' is dropped
            } else if (c == '_') {
                if (methodName.startsWith("__", i)) {
                    sb.append('_');
                    i++;
                } else {
                    sb.append('.');
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Key → default text (null: no default) of every attribute of an OCD annotation. */
    static Map<String, String> metatype(Class<?> ocd) {
        Map<String, String> keys = new TreeMap<>();
        for (Method m : ocd.getDeclaredMethods()) {
            Object d = m.getDefaultValue();
            keys.put(key(m.getName()), d == null ? null : d.toString());
        }
        return keys;
    }

    @Test
    void keyMappingIsMetatypes() {
        assertEquals("sscp.rate.per.ip.burst", key("sscp_rate_per_ip_burst"));
        assertEquals("a_b", key("a__b"));
        assertEquals("a-b", key("a$_$b"));
        assertEquals("a$b", key("a$$b"));
        assertEquals("ab", key("a$b"));
    }

    @Test
    void bridgeMetatypeDescribesEveryDefaultWithTheSameValue() {
        Map<String, String> metatype = metatype(BridgeConfiguration.class);
        List<String> problems = new ArrayList<>();
        metatype.forEach((key, value) -> {
            if (!Defaults.BRIDGE.containsKey(key)) {
                problems.add(key + ": in the metatype, missing from Defaults.BRIDGE");
            } else if (!Defaults.BRIDGE.get(key).equals(value)) {
                problems.add(key + ": metatype default '" + value + "', Defaults '" + Defaults.BRIDGE.get(key) + "'");
            }
        });
        Defaults.BRIDGE.keySet().stream().filter(k -> !metatype.containsKey(k))
                .forEach(k -> problems.add(k + ": in Defaults.BRIDGE, not described by BridgeConfiguration"));
        assertEquals(List.of(), problems);
    }

    @Test
    void deviceMetatypeDescribesEveryDefaultWithTheSameValue() {
        Map<String, String> metatype = metatype(DeviceConfiguration.class);
        List<String> problems = new ArrayList<>();
        metatype.forEach((key, value) -> {
            if (Defaults.DEVICE.containsKey(key)) {
                if (!Defaults.DEVICE.get(key).equals(value)) {
                    problems.add(key + ": metatype default '" + value + "', Defaults '" + Defaults.DEVICE.get(key) + "'");
                }
            } else if (!Defaults.DEVICE_WITHOUT_DEFAULT.contains(key)) {
                problems.add(key + ": in the metatype, missing from Defaults.DEVICE / DEVICE_WITHOUT_DEFAULT");
            } else if (value != null) {
                problems.add(key + ": has no default in Defaults but '" + value + "' in the metatype");
            }
        });
        Set<String> described = new TreeSet<>(Defaults.DEVICE.keySet());
        described.addAll(Defaults.DEVICE_WITHOUT_DEFAULT);
        described.stream().filter(k -> !metatype.containsKey(k))
                .forEach(k -> problems.add(k + ": in Defaults, not described by DeviceConfiguration"));
        assertEquals(List.of(), problems);
    }

    @Test
    void parsersTakeTheirDefaultsFromDefaults() throws ConfigException {
        // Every default is a valid value, and spelling it out changes nothing.
        assertEquals(BridgeConfigParser.defaults(), BridgeConfigParser.parse(Defaults.BRIDGE));
        Map<String, Object> device = new HashMap<>(Defaults.DEVICE);
        device.put("device.id", "SEP00AABBCCDDEE");
        assertEquals(DeviceConfigParser.parse(Map.of("device.id", "SEP00AABBCCDDEE")), DeviceConfigParser.parse(device));
        // The metatype's defaults as ConfigAdmin would hand them over (typed values) parse the same.
        Map<String, Object> typed = new HashMap<>();
        for (Method m : BridgeConfiguration.class.getDeclaredMethods()) {
            typed.put(key(m.getName()), m.getDefaultValue());
        }
        assertEquals(BridgeConfigParser.defaults(), BridgeConfigParser.parse(typed));
    }

    @Test
    void shippedBridgeCfgShowsTheDefaults() throws IOException {
        Path cfg = configDir().resolve("sscp.bridge.cfg");
        assertTrue(Files.isRegularFile(cfg), cfg + " missing");
        Properties p = load(cfg);
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String value = p.getProperty(key).trim();
            String expected = Defaults.BRIDGE.get(key);
            if (expected == null) {
                problems.add(key + ": in sscp.bridge.cfg, not a key with a default (add it to Defaults)");
            } else if (!expected.equals(value) && !CFG_DIFFERS_ON_PURPOSE.containsKey(key)) {
                problems.add(key + ": sscp.bridge.cfg says '" + value + "', the default is '" + expected + "'");
            }
        }
        assertEquals(List.of(), problems);
        assertFalse(p.isEmpty());
    }

    @Test
    void shippedDeviceCfgFilesUseOnlyDeviceKeys() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(configDir())) {
            for (Path cfg : files.filter(f -> f.getFileName().toString().matches("sscp\\.device[-~].*\\.cfg")).toList()) {
                for (String key : load(cfg).stringPropertyNames()) {
                    if (!Defaults.DEVICE.containsKey(key) && !Defaults.DEVICE_WITHOUT_DEFAULT.contains(key)
                            && !NUMBERED_DEVICE_KEY.matcher(key).matches()) {
                        problems.add(cfg.getFileName() + ": " + key + " is not an sscp.device key");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** The metatype XML bnd generated into the bundle says the same (bnd generates it in process-classes, before the tests). */
    @Test
    void generatedMetatypeXmlHasTheSameDefaults() throws Exception {
        checkGenerated("sscp.bridge", false, Defaults.BRIDGE);
        checkGenerated("sscp.device", true, Defaults.DEVICE);
    }

    private void checkGenerated(String pid, boolean factory, Map<String, String> defaults) throws Exception {
        Document doc;
        try (InputStream in = getClass().getResourceAsStream("/OSGI-INF/metatype/" + pid + ".xml")) {
            assertNotNull(in, "no generated metatype OSGI-INF/metatype/" + pid + ".xml (bnd-process did not run)");
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = f.newDocumentBuilder().parse(in);
        }
        Element designate = (Element) doc.getElementsByTagName("Designate").item(0);
        assertEquals(pid, designate.getAttribute(factory ? "factoryPid" : "pid"));
        Map<String, String> generated = new TreeMap<>();
        NodeList ads = doc.getElementsByTagName("AD");
        for (int i = 0; i < ads.getLength(); i++) {
            Element ad = (Element) ads.item(i);
            generated.put(ad.getAttribute("id"), ad.hasAttribute("default") ? ad.getAttribute("default") : null);
        }
        defaults.forEach((key, value) -> assertEquals(value, generated.get(key), pid + " " + key));
    }

    private static Path configDir() {
        return Path.of(System.getProperty("bridge.home", "."), "felix-config");
    }

    private static Properties load(Path cfg) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
