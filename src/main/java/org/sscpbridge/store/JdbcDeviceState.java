package org.sscpbridge.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** Per-device facts in table {@code device_state}. */
final class JdbcDeviceState implements DeviceStateStore {

    private final Jdbc jdbc;
    private final String upsert;

    JdbcDeviceState(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.upsert = jdbc.dialect().upsert("device_state", "device", "device, headset");
    }

    @Override
    public Optional<Boolean> headset(String device) {
        return jdbc.read("headset query", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT headset FROM device_state WHERE device = ?")) {
                p.setString(1, device);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    boolean on = r.getBoolean(1);
                    return r.wasNull() ? Optional.empty() : Optional.of(on);
                }
            }
        });
    }

    @Override
    public void headset(String device, boolean on) {
        jdbc.write("headset store", c -> {
            try (PreparedStatement p = c.prepareStatement(upsert)) {
                p.setString(1, device);
                p.setBoolean(2, on);
                p.executeUpdate();
            }
            return null;
        });
    }
}
