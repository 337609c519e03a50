package org.sscpbridge.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Device claims in table {@code device_claim} (schema 3). */
final class JdbcDeviceClaims implements DeviceClaimStore {

    private final Jdbc jdbc;
    private final String upsert;

    JdbcDeviceClaims(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.upsert = jdbc.dialect().upsert("device_claim", "device", "device, instance, claimed_at");
    }

    @Override
    public void claim(String device, String instance, Instant time) {
        jdbc.write("device claim", c -> {
            try (PreparedStatement p = c.prepareStatement(upsert)) {
                p.setString(1, device);
                p.setString(2, instance);
                p.setObject(3, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Map<String, String> owners(Collection<String> devices) {
        List<String> all = new ArrayList<>(devices);
        Map<String, String> owners = new HashMap<>();
        for (int from = 0; from < all.size(); from += MAX_QUERY) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + MAX_QUERY));
            owners.putAll(jdbc.read("device claims query", c -> {
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT device, instance FROM device_claim WHERE device IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        p.setString(i + 1, chunk.get(i));
                    }
                    Map<String, String> found = new HashMap<>();
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            found.put(r.getString(1), r.getString(2));
                        }
                    }
                    return found;
                }
            }));
        }
        return owners;
    }
}
