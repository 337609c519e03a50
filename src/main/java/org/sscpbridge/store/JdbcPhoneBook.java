package org.sscpbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The phone book in table {@code phone_book}. The shared directory is owner {@code ''} in the
 * database ({@code null} in the API). Searches compare the lower-case generated key columns with
 * {@code lower(?) || '%'}, the user's {@code \ % _} escaped, so that an index range serves them.
 */
final class JdbcPhoneBook implements PhoneBookStore {

    static final String SHARED = "";
    private static final String COLUMNS = "owner, id, last_name, first_name, number";
    private static final String ORDER = " ORDER BY last_key, first_key, number_key, id, owner";
    private static final String PAGE = " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
    /** Attempts at a generated id before giving up (a clash needs an id stored by hand with that number). */
    private static final int ID_ATTEMPTS = 20;

    private final Jdbc jdbc;
    private final String upsert;

    JdbcPhoneBook(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.upsert = jdbc.dialect().upsert("phone_book", "owner, id", COLUMNS);
    }

    /**
     * Above this many matches a page is read in search order from {@code phone_book_by_last},
     * filtered, rather than all matches read from the field's own index and sorted (H2 only).
     */
    static final int SCAN_IN_ORDER_ABOVE = 1000;

    @Override
    public Page search(String device, Query query, int offset, int limit) {
        if (offset < 0 || limit < 0) {
            throw new IllegalArgumentException("offset " + offset + " and limit " + limit + " must not be negative");
        }
        List<String> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE ");
        String owner = owner(device);
        if (owner.equals(SHARED)) {
            where.append("owner = ?");
            args.add(SHARED);
        } else {
            where.append("owner IN (?, ?)");
            args.add(SHARED);
            args.add(owner);
        }
        // The index of the first field given (the most selective, as a phone searches).
        String countIndex = "phone_book_by_last";
        String pageIndex = "phone_book_by_last";
        if (query != null) {
            if (prefix(where, args, "number_key", query.number())) {
                countIndex = pageIndex = "phone_book_by_number";
            }
            if (prefix(where, args, "first_key", query.firstName())) {
                countIndex = pageIndex = "phone_book_by_first";
            }
            if (prefix(where, args, "id_key", query.id())) {
                countIndex = pageIndex = "phone_book_by_id";
            }
            if (prefix(where, args, "last_key", query.lastName())) {
                countIndex = "phone_book_last_count";
                pageIndex = "phone_book_by_last";
            }
        }
        Dialect dialect = jdbc.dialect();
        String count = "SELECT count(*) FROM phone_book" + dialect.useIndex(countIndex) + where;
        String byField = "SELECT " + COLUMNS + " FROM phone_book" + dialect.useIndex(pageIndex) + where + ORDER + PAGE;
        String inOrder = "SELECT " + COLUMNS + " FROM phone_book" + dialect.useIndex("phone_book_by_last") + where + ORDER + PAGE;
        return jdbc.read("phone book search", c -> {
            int total;
            try (PreparedStatement p = c.prepareStatement(count)) {
                bind(p, args);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    total = r.getInt(1);
                }
            }
            List<Entry> entries = limit == 0 || offset >= total ? List.of()
                    : select(c, total > SCAN_IN_ORDER_ABOVE ? inOrder : byField, args, offset, limit);
            return new Page(total, entries);
        });
    }

    /** Adds the condition for a non-empty {@code value}; true when it did. */
    private static boolean prefix(StringBuilder where, List<String> args, String column, String value) {
        if (value != null && !value.isEmpty()) {
            where.append(" AND ").append(column).append(" LIKE lower(?) || '%' ESCAPE '\\'");
            args.add(escapeLike(value));
            return true;
        }
        return false;
    }

    /** {@code value} as a LIKE pattern matching itself literally (escape character {@code \}). */
    static String escapeLike(String value) {
        StringBuilder b = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' || ch == '%' || ch == '_') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    @Override
    public Entry store(Entry entry) {
        String owner = owner(entry.owner());
        if (entry.id() != null && !entry.id().isEmpty()) {
            Entry stored = new Entry(apiOwner(owner), entry.id(), entry.lastName(), entry.firstName(), entry.number());
            jdbc.write("phone book store", c -> {
                try (PreparedStatement p = c.prepareStatement(upsert)) {
                    bind(p, stored, owner);
                    p.executeUpdate();
                }
                return null;
            });
            return stored;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbc.write("phone book store", c -> {
                    String id;
                    try (PreparedStatement p = c.prepareStatement(jdbc.dialect().nextId()); ResultSet r = p.executeQuery()) {
                        r.next();
                        id = Long.toString(r.getLong(1));
                    }
                    Entry stored = new Entry(apiOwner(owner), id, entry.lastName(), entry.firstName(), entry.number());
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO phone_book (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
                        bind(p, stored, owner);
                        p.executeUpdate();
                    }
                    return stored;
                });
            } catch (StoreException e) {
                if (!Jdbc.isUniqueViolation(e) || attempt >= ID_ATTEMPTS) {
                    throw e;
                }
                // that number was stored by hand as an id of this owner: take the next one
            }
        }
    }

    private static void bind(PreparedStatement p, Entry e, String owner) throws SQLException {
        p.setString(1, owner);
        p.setString(2, e.id());
        p.setString(3, e.lastName());
        p.setString(4, e.firstName());
        p.setString(5, e.number());
    }

    @Override
    public boolean delete(String owner, String id) {
        return jdbc.write("phone book delete", c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM phone_book WHERE owner = ? AND id = ?")) {
                p.setString(1, owner(owner));
                p.setString(2, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Entry> all(String owner) {
        return jdbc.read("phone book export",
                c -> select(c, "SELECT " + COLUMNS + " FROM phone_book WHERE owner = ?" + ORDER, List.of(owner(owner)), -1, -1));
    }

    @Override
    public int count(String owner) {
        return jdbc.read("phone book count", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM phone_book WHERE owner = ?")) {
                p.setString(1, owner(owner));
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    private static List<Entry> select(Connection c, String sql, List<String> args, int offset, int limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int n = bind(p, args);
            if (limit >= 0) {
                p.setInt(n + 1, offset);
                p.setInt(n + 2, limit);
            }
            List<Entry> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Entry(apiOwner(r.getString(1)), r.getString(2), r.getString(3), r.getString(4), r.getString(5)));
                }
            }
            return out;
        }
    }

    private static int bind(PreparedStatement p, List<String> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            p.setString(i + 1, args.get(i));
        }
        return args.size();
    }

    /** The database's owner for an API owner: {@code ''} for the shared directory (null or empty). */
    static String owner(String owner) {
        return owner == null ? SHARED : owner;
    }

    private static String apiOwner(String owner) {
        return owner.isEmpty() ? null : owner;
    }
}
