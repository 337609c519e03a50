package org.sscpbridge.config;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sscpbridge.sscp.codec.DisplayEncoding;
import org.sscpbridge.sscp.codec.DisplayText;
import org.sscpbridge.sscp.codec.WireCharsets;

/**
 * Turns the properties of one {@code sscp.device} factory configuration into a
 * {@link DeviceConfig}. Refuses the whole device, naming every bad key, rather than running a
 * half-understood phone.
 */
public final class DeviceConfigParser {
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern NUMBER = Pattern.compile("[0-9A-Za-z*#+._-]{1,32}");
    private static final Pattern LINE_KEY = Pattern.compile("line(\\d+)\\.(number|user|password|name)");
    private static final Pattern SPEED_DIAL_KEY = Pattern.compile("speeddial(\\d+)");
    public static final int MAX_LINES = 8;
    private static final int MAX_SPEED_DIALS = 99;

    private DeviceConfigParser() {}

    public static DeviceConfig parse(Map<String, ?> props) throws ConfigException {
        List<String> problems = new ArrayList<>();
        String deviceId = text(props, "device.id");
        if (deviceId == null) {
            problems.add("device.id: missing");
        } else if (!DEVICE_ID.matcher(deviceId).matches()) {
            problems.add("device.id: '" + deviceId + "' is not a device id (letters, digits, . _ -)");
        }
        List<DeviceConfig.Line> lines = lines(props, problems);
        List<DeviceConfig.SpeedDial> speedDials = speedDials(props, problems);
        String secret = text(props, "secret");
        List<Cidr> networks = Cidr.parseList(text(props, "allowed.networks"), "allowed.networks", problems);
        DisplayEncoding display = display(props, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new DeviceConfig(deviceId, lines, speedDials, Optional.ofNullable(secret), networks, display);
    }

    /** {@code display.charset} and {@code display.width} (docs/PROTOCOL.md §6.9); defaults from {@link Defaults#DEVICE}. */
    private static DisplayEncoding display(Map<String, ?> props, List<String> problems) {
        String charsetName = text(props, "display.charset");
        Charset charset = WireCharsets.forName(Defaults.device("display.charset"));
        if (charsetName != null) {
            try {
                charset = WireCharsets.forName(charsetName);
            } catch (IllegalArgumentException e) {
                problems.add("display.charset: " + e.getMessage());
            }
        }
        String widthText = text(props, "display.width");
        int width = Integer.parseInt(Defaults.device("display.width"));
        if (widthText != null) {
            int n = parseIndex(widthText);
            if (n == DisplayText.NO_LIMIT || (n >= DisplayEncoding.MIN_WIDTH && n <= DisplayEncoding.MAX_WIDTH)) {
                width = n;
            } else {
                problems.add("display.width: '" + widthText + "' is not 0 (no limit) or " + DisplayEncoding.MIN_WIDTH
                        + ".." + DisplayEncoding.MAX_WIDTH + " characters per line");
            }
        }
        return new DisplayEncoding(charset, width);
    }

    private static List<DeviceConfig.Line> lines(Map<String, ?> props, List<String> problems) {
        int highest = 0;
        for (String key : props.keySet()) {
            Matcher m = LINE_KEY.matcher(key);
            if (m.matches()) {
                highest = Math.max(highest, parseIndex(m.group(1)));
            }
        }
        if (highest > MAX_LINES) {
            problems.add("line" + highest + ": at most " + MAX_LINES + " lines");
            return List.of();
        }
        List<DeviceConfig.Line> lines = new ArrayList<>();
        for (int i = 1; i <= highest; i++) {
            String number = text(props, "line" + i + ".number");
            if (number == null) {
                problems.add("line" + i + ".number: missing (lines are numbered from 1 without gaps)");
                continue;
            }
            if (!NUMBER.matcher(number).matches()) {
                problems.add("line" + i + ".number: '" + number + "' is not a number");
                continue;
            }
            lines.add(new DeviceConfig.Line(i, number, text(props, "line" + i + ".user"),
                    text(props, "line" + i + ".password"), text(props, "line" + i + ".name")));
        }
        return lines;
    }

    private static List<DeviceConfig.SpeedDial> speedDials(Map<String, ?> props, List<String> problems) {
        List<DeviceConfig.SpeedDial> dials = new ArrayList<>();
        for (var e : props.entrySet()) {
            Matcher m = SPEED_DIAL_KEY.matcher(e.getKey());
            if (!m.matches()) {
                continue;
            }
            int index = parseIndex(m.group(1));
            String value = e.getValue() == null ? "" : e.getValue().toString().trim();
            if (index < 1 || index > MAX_SPEED_DIALS) {
                problems.add(e.getKey() + ": index outside 1.." + MAX_SPEED_DIALS);
                continue;
            }
            String[] parts = value.split("\\s+", 2);
            if (parts[0].isEmpty() || !NUMBER.matcher(parts[0]).matches()) {
                problems.add(e.getKey() + ": '" + value + "' is not 'NUMBER LABEL'");
                continue;
            }
            dials.add(new DeviceConfig.SpeedDial(index, parts[0], parts.length > 1 ? parts[1] : parts[0]));
        }
        dials.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return dials;
    }

    private static int parseIndex(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String text(Map<String, ?> props, String key) {
        Object v = props.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }
}
