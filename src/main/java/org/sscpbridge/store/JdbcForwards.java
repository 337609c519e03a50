package org.sscpbridge.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Call forwards in table {@code call_forward}, one row per (device, line, kind) that is set. */
final class JdbcForwards implements ForwardStore {

    private final Jdbc jdbc;
    private final String upsert;

    JdbcForwards(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.upsert = jdbc.dialect().upsert("call_forward", "device, line_no, kind", "device, line_no, kind, target");
    }

    @Override
    public Map<Integer, Map<Kind, String>> forwards(String device) {
        return jdbc.read("forwards query", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT line_no, kind, target FROM call_forward WHERE device = ?")) {
                p.setString(1, device);
                Map<Integer, Map<Kind, String>> out = new HashMap<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.computeIfAbsent(r.getInt(1), line -> new EnumMap<>(Kind.class))
                                .put(Kind.valueOf(r.getString(2)), r.getString(3));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void set(String device, int line, Kind kind, Optional<String> target) {
        checkLine(line);
        boolean cancel = target.isEmpty() || target.get().isEmpty();
        jdbc.write("forward " + (cancel ? "cancel" : "set"), c -> {
            try (PreparedStatement p = c.prepareStatement(cancel
                    ? "DELETE FROM call_forward WHERE device = ? AND line_no = ? AND kind = ?" : upsert)) {
                p.setString(1, device);
                p.setInt(2, line);
                p.setString(3, kind.name());
                if (!cancel) {
                    p.setString(4, target.get());
                }
                p.executeUpdate();
            }
            return null;
        });
    }

    private static void checkLine(int line) {
        if (line < 1) {
            throw new IllegalArgumentException("line " + line + ": lines are numbered from 1");
        }
    }
}
