package org.sscpbridge.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sscpbridge.sscp.codec.DisplayEncoding;

/** The keys of factory PID {@code sscp.device}, display.charset and display.width in particular. */
class DeviceConfigParserTest {

    private static Map<String, Object> device(Object... keyValues) {
        Map<String, Object> props = new HashMap<>(Map.of("device.id", "SEP00AABBCCDDEE",
                "line1.number", "1001", "line1.name", "\uAE40\uCCA0\uC218"));
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    private static List<String> problems(Object... keyValues) {
        return assertThrows(ConfigException.class, () -> DeviceConfigParser.parse(device(keyValues))).problems();
    }

    @Test
    void displayDefaultsToUtf8WithoutALimit() throws ConfigException {
        DeviceConfig c = DeviceConfigParser.parse(device());
        assertEquals(DisplayEncoding.DEFAULT, c.display());
        assertEquals(StandardCharsets.UTF_8.name(), Defaults.device("display.charset"));
        assertEquals(c.display(), DeviceConfigParser.parse(device("display.charset", " ", "display.width", "")).display(),
                "empty values are the defaults");
    }

    @Test
    void readsCharsetAndWidth() throws ConfigException {
        DeviceConfig c = DeviceConfigParser.parse(device("display.charset", "euc-kr", "display.width", " 16 "));
        assertEquals(new DisplayEncoding(Charset.forName("EUC-KR"), 16), c.display());
        assertEquals(new DisplayEncoding(StandardCharsets.ISO_8859_1, 255),
                DeviceConfigParser.parse(device("display.charset", "ISO-8859-1", "display.width", 255)).display());
        assertEquals(Charset.forName("x-windows-949"),
                DeviceConfigParser.parse(device("display.charset", "MS949")).display().charset());
        assertEquals(0, DeviceConfigParser.parse(device("display.width", "0")).display().width(), "0: no limit");
        assertEquals(8, DeviceConfigParser.parse(device("display.width", 8)).display().width());
    }

    @Test
    void refusesUnknownOrUnusableCharsetsNamingTheKey() {
        for (String bad : new String[] {"KOREAN", "EUC_KR!", "UTF-16", "UTF-32", "ISO-2022-KR"}) {
            List<String> p = problems("display.charset", bad);
            assertEquals(1, p.size(), p.toString());
            assertTrue(p.get(0).startsWith("display.charset: '" + bad + "'"), p.get(0));
        }
    }

    @Test
    void refusesWidthsOutsideTheRange() {
        for (Object bad : new Object[] {"7", "1", "256", "-8", "wide", "12.5", 1000}) {
            List<String> p = problems("display.width", bad);
            assertEquals(List.of("display.width: '" + bad + "' is not 0 (no limit) or 8..255 characters per line"), p);
        }
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        List<String> p = problems("display.charset", "nope", "display.width", "3", "line2.name", "x");
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("line2.number")));
        assertTrue(p.stream().anyMatch(s -> s.startsWith("display.charset")));
        assertTrue(p.stream().anyMatch(s -> s.startsWith("display.width")));
    }

    @Test
    void theOtherKeysStillParse() throws ConfigException {
        DeviceConfig c = DeviceConfigParser.parse(device("secret", "s3cret", "allowed.networks", "192.0.2.0/24, 10.0.0.0/8",
                "speeddial2", "1002 Reception", "display.charset", "EUC-KR"));
        assertEquals("SEP00AABBCCDDEE", c.deviceId());
        assertEquals(List.of(new DeviceConfig.Line(1, "1001", null, null, "\uAE40\uCCA0\uC218")), c.lines());
        assertEquals(List.of(new DeviceConfig.SpeedDial(2, "1002", "Reception")), c.speedDials());
        assertEquals("s3cret", c.secret().orElseThrow());
        assertEquals(2, c.allowedNetworks().size());
        assertTrue(c.toString().contains("display EUC-KR"), c.toString());
    }

    @Test
    void theFiveArgumentConstructorKeepsTheDisplayDefaults() {
        assertEquals(DisplayEncoding.DEFAULT, DeviceConfig.autoprovisioned("SEP1").display());
    }
}
