package org.sscpbridge.tools.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.config.DeviceConfig;

/**
 * The numbering of a load run: phone {@code i} is device {@code LOAD00000i} with line number
 * {@code 100000 + i}, which is also its Kamailio subscriber. The bare UA registers the same
 * numbers with the same passwords, so both sides send the same REGISTERs.
 */
final class LoadAccounts {
    private static final int FIRST_NUMBER = 100_000;

    private LoadAccounts() {}

    static String deviceId(int i) {
        return String.format("LOAD%08d", i);
    }

    static String number(int i) {
        return String.valueOf(FIRST_NUMBER + i);
    }

    static String password(int i) {
        return "pw" + number(i);
    }

    /** Device {@code i} with one line, or none (the SSCP session alone). */
    static DeviceConfig device(int i, boolean withLine) {
        List<DeviceConfig.Line> lines = withLine
                ? List.of(new DeviceConfig.Line(1, number(i), null, password(i), null))
                : List.of();
        return new DeviceConfig(deviceId(i), lines, List.of(), Optional.empty(), List.of());
    }

    static LineAccount line(int i) {
        return new LineAccount(number(i), null, password(i), null);
    }

    /** Kamailio's subscriber table for phones {@code 0 .. count-1}: number → password. */
    static Map<String, String> subscribers(int count) {
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            users.put(number(i), password(i));
        }
        return users;
    }
}
