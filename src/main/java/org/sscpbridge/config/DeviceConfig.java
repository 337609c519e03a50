package org.sscpbridge.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sscpbridge.sscp.codec.DisplayEncoding;

/**
 * One phone's configuration (factory PID {@code sscp.device}, file {@code sscp.device-NAME.cfg}),
 * checked: lines numbered from 1 without gaps, speed dials by index.
 *
 * @param secret  device secret for the Register challenge (SPEC §4); empty when none
 * @param allowedNetworks source networks the device may register from; empty = anywhere
 * @param display how the bridge writes to the phone ({@code display.charset}, {@code display.width})
 */
public record DeviceConfig(
        String deviceId,
        List<Line> lines,
        List<SpeedDial> speedDials,
        Optional<String> secret,
        List<Cidr> allowedNetworks,
        DisplayEncoding display) {

    public DeviceConfig {
        Objects.requireNonNull(deviceId, "deviceId");
        lines = List.copyOf(lines);
        speedDials = List.copyOf(speedDials);
        Objects.requireNonNull(secret, "secret");
        allowedNetworks = List.copyOf(allowedNetworks);
        Objects.requireNonNull(display, "display");
    }

    /** A device written in UTF-8 without a width limit (the display defaults). */
    public DeviceConfig(String deviceId, List<Line> lines, List<SpeedDial> speedDials, Optional<String> secret,
            List<Cidr> allowedNetworks) {
        this(deviceId, lines, speedDials, secret, allowedNetworks, DisplayEncoding.DEFAULT);
    }

    /** A line key: the number shown, SIP digest user and password, display name. */
    public record Line(int index, String number, String user, String password, String name) {
        public Line {
            Objects.requireNonNull(number, "number");
            user = user == null || user.isBlank() ? number : user;
            password = password == null ? "" : password;
            name = name == null ? "" : name;
        }

        @Override
        public String toString() {
            return "Line[" + index + ", " + number + ", user " + user + "]";
        }
    }

    /** A speed dial slot as PhoneLayout shows it. */
    public record SpeedDial(int index, String number, String label) {}

    /** A configuration for a device the operator did not configure (autoprovisioning): no lines. */
    public static DeviceConfig autoprovisioned(String deviceId) {
        return new DeviceConfig(deviceId, List.of(), List.of(), Optional.empty(), List.of());
    }

    /** Whether {@code address} may register as this device. */
    public boolean allows(java.net.InetAddress address) {
        return allowedNetworks.isEmpty() || allowedNetworks.stream().anyMatch(n -> n.contains(address));
    }

    @Override
    public String toString() {
        return "DeviceConfig[" + deviceId + ", lines " + lines + ", secret " + (secret.isPresent() ? "set" : "none")
                + ", networks " + allowedNetworks + (display.isDefault() ? "" : ", display " + display) + "]";
    }
}
