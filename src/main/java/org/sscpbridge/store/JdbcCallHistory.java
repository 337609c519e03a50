package org.sscpbridge.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The call history in table {@code call_history}: newest first by time, then by key. */
final class JdbcCallHistory implements CallHistoryStore {

    /** Longest number or name kept; a longer one (a SIP display name, say) is cut there. */
    static final int MAX_TEXT = 255;
    private static final String COLUMNS = "entry_key, device, kind, number, name, call_time, duration_s";
    private static final String NEWEST_FIRST = " ORDER BY call_time DESC, entry_key DESC";

    private final Jdbc jdbc;

    JdbcCallHistory(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Entry add(Entry entry, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep " + keep + " must not be negative");
        }
        // The database keeps microseconds: return what a query will return.
        Instant time = entry.time().truncatedTo(ChronoUnit.MICROS);
        String number = cut(entry.number());
        String name = entry.name() == null ? null : cut(entry.name());
        return jdbc.write("call history add", c -> {
            long key;
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO call_history (device, kind, number, name, call_time, duration_s) VALUES (?, ?, ?, ?, ?, ?)",
                    new String[] {"entry_key"})) {
                p.setString(1, entry.device());
                p.setString(2, entry.kind().name());
                p.setString(3, number);
                p.setString(4, name);
                p.setObject(5, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
                p.setInt(6, entry.durationSeconds());
                p.executeUpdate();
                try (ResultSet r = p.getGeneratedKeys()) {
                    r.next();
                    key = r.getLong(1);
                }
            }
            trim(c, entry.device(), keep);
            return new Entry(key, entry.device(), entry.kind(), number, name, time, entry.durationSeconds());
        });
    }

    /** Deletes the device's entries after the newest {@code keep}, in the caller's transaction. */
    private static void trim(java.sql.Connection c, String device, int keep) throws java.sql.SQLException {
        OffsetDateTime lastTime = null;
        long lastKey = 0;
        try (PreparedStatement p = c.prepareStatement("SELECT call_time, entry_key FROM call_history WHERE device = ?"
                + NEWEST_FIRST + " OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
            p.setString(1, device);
            p.setInt(2, keep);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    lastTime = r.getObject(1, OffsetDateTime.class);
                    lastKey = r.getLong(2);
                }
            }
        }
        if (lastTime != null) { // the first entry beyond keep: it and every older one go
            try (PreparedStatement p = c.prepareStatement("DELETE FROM call_history WHERE device = ?"
                    + " AND (call_time < ? OR (call_time = ? AND entry_key <= ?))")) {
                p.setString(1, device);
                p.setObject(2, lastTime);
                p.setObject(3, lastTime);
                p.setLong(4, lastKey);
                p.executeUpdate();
            }
        }
    }

    @Override
    public List<Entry> query(String device, Optional<Kind> kind, int max) {
        if (max <= 0) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM call_history WHERE device = ?" + (kind.isPresent() ? " AND kind = ?" : "")
                + NEWEST_FIRST + " FETCH FIRST ? ROWS ONLY";
        return jdbc.read("call history query", c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                int i = 1;
                p.setString(i++, device);
                if (kind.isPresent()) {
                    p.setString(i++, kind.get().name());
                }
                p.setInt(i, max);
                List<Entry> out = new ArrayList<>();
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new Entry(r.getLong(1), r.getString(2), Kind.valueOf(r.getString(3)), r.getString(4),
                                r.getString(5), r.getObject(6, OffsetDateTime.class).toInstant(), r.getInt(7)));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean delete(String device, long key) {
        return jdbc.write("call history delete", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM call_history WHERE device = ? AND entry_key = ?")) {
                p.setString(1, device);
                p.setLong(2, key);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public int clear(String device, Optional<Kind> kind) {
        return jdbc.write("call history clear", c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM call_history WHERE device = ?" + (kind.isPresent() ? " AND kind = ?" : ""))) {
                p.setString(1, device);
                if (kind.isPresent()) {
                    p.setString(2, kind.get().name());
                }
                return p.executeUpdate();
            }
        });
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }

}
