package org.sscpbridge.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The phone book in table {@code phone_book}. The shared directory is owner {@code ''} in the
 * database ({@code null} in the API). Searches compare the lower-case generated key columns with
 * {@code lower(?) || '%'}, the user's {@code \ % _} escaped, so that an index range serves them.
 * The total of a search by one short prefix (1–2 characters, thousands of matches) and of a search
 * without conditions is read from {@code phone_book_prefix_count} (schema V2), which every write
 * keeps in its own transaction; any other total is a {@code count(*)} of its (few) matches.
 */
final class JdbcPhoneBook implements PhoneBookStore {

    static final String SHARED = "";
    private static final String COLUMNS = "owner, id, last_name, first_name, number";
    private static final String ORDER = " ORDER BY last_key, first_key, number_key, id, owner";
    private static final String PAGE = " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
    /** Attempts at a generated id before giving up (a clash needs an id stored by hand with that number). */
    private static final int ID_ATTEMPTS = 20;

    /** Attempts at storing with a given id when another writer inserts that owner and id meanwhile. */
    private static final int UPSERT_ATTEMPTS = 3;

    /** Prefixes up to this length are counted in {@code phone_book_prefix_count}. */
    static final int COUNTED_PREFIX = 2;
    /** The counted fields: their {@code phone_book_prefix_count.field} and key column. */
    private static final String[][] COUNTED = {{"last", "last_key"}, {"first", "first_key"}, {"number", "number_key"}, {"id", "id_key"}};
    /** The count of all an owner's entries. */
    private static final String ALL = "all";
    /**
     * An entry's counted prefixes, cut by the database (in LIKE's units), null where the key is
     * shorter: field by field, lengths 1 and 2. Parameters owner, id.
     */
    private static final String PREFIXES;

    static {
        StringBuilder b = new StringBuilder("SELECT ");
        for (String[] f : COUNTED) {
            for (int length = 1; length <= COUNTED_PREFIX; length++) {
                b.append(b.length() > 7 ? ", " : "").append("CASE WHEN CHAR_LENGTH(").append(f[1]).append(") >= ").append(length)
                        .append(" THEN SUBSTRING(").append(f[1]).append(" FROM 1 FOR ").append(length).append(") END");
            }
        }
        PREFIXES = b.append(" FROM phone_book WHERE owner = ? AND id = ?").toString();
    }

    /**
     * The count of one owner's row, 0 if none. A point lookup per owner: H2 does not use an index for
     * {@code owner IN (?, ?)} on the key's second column (it scanned the field's rows: 2 ms).
     * Parameters: field, owner, prefix.
     */
    private static final String ONE_COUNT = "coalesce((SELECT n FROM phone_book_prefix_count WHERE field = ? AND owner = ?"
            + " AND prefix = lower(?)), 0)";
    /**
     * The total of a one-field prefix search (or, field {@code all} and prefix '', of no condition)
     * from the counts, or -1 when the database's lower-case query is longer than the counted
     * prefixes. Parameters: prefix, then field, owner, prefix for the shared directory and (second
     * statement only) for the device.
     */
    private static final String SHARED_TOTAL = "SELECT CASE WHEN CHAR_LENGTH(lower(?)) <= " + COUNTED_PREFIX
            + " THEN " + ONE_COUNT + " ELSE -1 END";
    private static final String DEVICE_TOTAL = "SELECT CASE WHEN CHAR_LENGTH(lower(?)) <= " + COUNTED_PREFIX
            + " THEN " + ONE_COUNT + " + " + ONE_COUNT + " ELSE -1 END";

    private final Jdbc jdbc;

    JdbcPhoneBook(Jdbc jdbc) {
        this.jdbc = jdbc;
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
        String head = null; // the page's field when it is the first name, number or id
        int conditions = 0;
        String countedField = ALL;
        String countedValue = "";
        if (query != null) {
            if (prefix(where, args, "number_key", query.number())) {
                countIndex = pageIndex = "phone_book_by_number";
                conditions++;
                countedField = "number";
                countedValue = query.number();
                head = "number";
            }
            if (prefix(where, args, "first_key", query.firstName())) {
                countIndex = pageIndex = "phone_book_by_first";
                conditions++;
                countedField = "first";
                countedValue = query.firstName();
                head = "first";
            }
            if (prefix(where, args, "id_key", query.id())) {
                countIndex = pageIndex = "phone_book_by_id";
                conditions++;
                countedField = "id";
                countedValue = query.id();
                head = "id";
            }
            if (prefix(where, args, "last_key", query.lastName())) {
                countIndex = "phone_book_last_count";
                pageIndex = "phone_book_by_last";
                conditions++;
                countedField = "last";
                countedValue = query.lastName();
                head = null;
            }
        }
        if (jdbc.dialect() == Dialect.POSTGRESQL && conditions == 1 && countedField.equals("last")) {
            return lastNameSearch(owner, countedValue, offset, limit);
        }
        // Counted: no condition, or one prefix short enough (the database checks its lower-case length).
        boolean counted = conditions == 0 || conditions == 1 && countedValue.length() <= COUNTED_PREFIX;
        String field = countedField;
        String value = countedValue;
        Dialect dialect = jdbc.dialect();
        String count = "SELECT count(*) FROM phone_book" + dialect.useIndex(countIndex) + where;
        String byField = "SELECT " + COLUMNS + " FROM phone_book" + dialect.useIndex(pageIndex) + where + ORDER + PAGE;
        String inOrder = "SELECT " + COLUMNS + " FROM phone_book" + dialect.useIndex("phone_book_by_last") + where + ORDER + PAGE;
        // One 2-character prefix of the first name, number or id: its head index is in search order
        // once its first column is fixed, so a page reads about its own length whatever the number of
        // matches. Used when the counts answered the total: then the query's lower-case has at most
        // 2 characters in the database's units, and 2 code points make it exactly 2 (lower() never
        // shortens); so "head = lower(?)" is the LIKE, which is left out (PostgreSQL would multiply
        // the two selectivities, estimate a dozen rows, and read and sort them all).
        String headPage = conditions == 1 && head != null && value.length() == COUNTED_PREFIX
                && value.codePointCount(0, value.length()) == COUNTED_PREFIX
                ? "SELECT " + COLUMNS + " FROM phone_book" + dialect.useIndex("phone_book_by_" + head + "_head")
                        + (owner.equals(SHARED) ? " WHERE owner = ?" : " WHERE owner IN (?, ?)") + " AND " + head + "_head = lower(?)"
                        + " ORDER BY " + head + "_head, " + ORDER.substring(" ORDER BY ".length()) + PAGE
                : null;
        List<String> headArgs = new ArrayList<>(args.subList(0, owner.equals(SHARED) ? 1 : 2));
        headArgs.add(value);
        return jdbc.read("phone book search", c -> {
            int total = counted ? countedTotal(c, owner, field, value) : -1;
            boolean fromCounts = total >= 0;
            if (total < 0) {
                try (PreparedStatement p = c.prepareStatement(count)) {
                    bind(p, args);
                    try (ResultSet r = p.executeQuery()) {
                        r.next();
                        total = r.getInt(1);
                    }
                }
            }
            List<Entry> entries = limit == 0 || offset >= total ? List.of()
                    : headPage != null && fromCounts ? select(c, headPage, headArgs, offset, limit)
                    : select(c, total > SCAN_IN_ORDER_ABOVE ? inOrder : byField, args, offset, limit);
            return new Page(total, entries);
        });
    }

    /**
     * Above every key that starts with a prefix p, when appended to p: 64 times U+10FFFF, the
     * greatest code point. A key has at most 64 code points (VARCHAR(64)) and the keys are
     * {@code COLLATE "C"} (UTF-8 bytes, i.e. code point order), so {@code p <= key < p || ABOVE}
     * holds exactly for the keys starting with p. PostgreSQL only (UTF8 database).
     */
    static final String ABOVE = "repeat(chr(1114111), 64)";

    /**
     * A search by last-name prefix alone on PostgreSQL: total and page in one statement, with a
     * generic plan. The prefix is a range on {@code last_key} (an index condition even when its
     * bounds are parameters, unlike LIKE), the shared owner a literal (so that the planner knows it
     * holds half the book); the plan, a scan of {@code phone_book_by_last} from the prefix in search
     * order stopping after the page, is the best one whatever the prefix, so the statement is
     * planned once per connection ({@code SET LOCAL plan_cache_mode = force_generic_plan} in the
     * same implicit transaction, i.e. for this statement only; every other statement keeps the
     * connection's {@code force_custom_plan}). The total is a scalar subquery evaluated once: from
     * the counts when the database's lower case has at most 2 characters, else {@code count(*)}.
     */
    private Page lastNameSearch(String owner, String value, int offset, int limit) {
        boolean shared = owner.equals(SHARED);
        List<String> totalArgs = new ArrayList<>();
        String ownerIs = shared ? "owner = ''" : "owner IN ('', ?)";
        String range = " AND last_key >= lower(?) AND last_key < lower(?) || " + ABOVE;
        String count = "(SELECT count(*) FROM phone_book WHERE " + ownerIs + range + ")";
        String total;
        if (value.length() <= COUNTED_PREFIX) {
            String one = "coalesce((SELECT n FROM phone_book_prefix_count WHERE field = 'last' AND owner = ";
            total = "CASE WHEN CHAR_LENGTH(lower(?)) <= " + COUNTED_PREFIX + " THEN " + one + "'' AND prefix = lower(?)), 0)"
                    + (shared ? "" : " + " + one + "? AND prefix = lower(?)), 0)") + " ELSE " + count + " END";
            totalArgs.add(value);
            totalArgs.add(value);
            if (!shared) {
                totalArgs.add(owner);
                totalArgs.add(value);
            }
        } else {
            total = count;
        }
        if (!shared) {
            totalArgs.add(owner);
        }
        totalArgs.add(value);
        totalArgs.add(value);
        List<String> pageArgs = new ArrayList<>(totalArgs);
        if (!shared) {
            pageArgs.add(owner);
        }
        pageArgs.add(value);
        pageArgs.add(value);
        String generic = "SET LOCAL plan_cache_mode = force_generic_plan; ";
        String totalOnly = generic + "SELECT " + total;
        String page = generic + "SELECT " + total + ", " + COLUMNS + " FROM phone_book WHERE " + ownerIs + range + ORDER + PAGE;
        return jdbc.read("phone book search", c -> {
            if (limit > 0) {
                try (PreparedStatement p = c.prepareStatement(page)) {
                    int n = bind(p, pageArgs);
                    p.setInt(n + 1, offset);
                    p.setInt(n + 2, limit);
                    int t = -1;
                    List<Entry> entries = new ArrayList<>();
                    try (ResultSet r = resultOf(p)) {
                        while (r.next()) {
                            t = r.getInt(1);
                            entries.add(new Entry(apiOwner(r.getString(2)), r.getString(3), r.getString(4), r.getString(5), r.getString(6)));
                        }
                    }
                    if (t >= 0 || offset == 0) {
                        return new Page(Math.max(t, 0), entries); // no row from offset 0: no match
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(totalOnly)) { // limit 0, or beyond the last match
                bind(p, totalArgs);
                try (ResultSet r = resultOf(p)) {
                    r.next();
                    return new Page(r.getInt(1), List.of());
                }
            }
        });
    }

    /** The result set of a statement run after others in the same string (a SET LOCAL). */
    private static ResultSet resultOf(PreparedStatement p) throws SQLException {
        for (boolean rows = p.execute(); !rows; rows = p.getMoreResults()) {
            if (p.getUpdateCount() == -1) {
                throw new SQLException("the statement returned no rows: " + p);
            }
        }
        return p.getResultSet();
    }

    /** The total from {@code phone_book_prefix_count}, or -1 when it does not hold it. */
    private static int countedTotal(Connection c, String owner, String field, String value) throws SQLException {
        boolean shared = owner.equals(SHARED);
        try (PreparedStatement p = c.prepareStatement(shared ? SHARED_TOTAL : DEVICE_TOTAL)) {
            p.setString(1, value);
            p.setString(2, field);
            p.setString(3, SHARED);
            p.setString(4, value);
            if (!shared) {
                p.setString(5, field);
                p.setString(6, owner);
                p.setString(7, value);
            }
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
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
            for (int attempt = 1; ; attempt++) {
                try {
                    jdbc.write("phone book store", c -> {
                        // The old entry's prefixes, locked: a concurrent replace waits and then sees this one.
                        Map<String, Integer> delta = new TreeMap<>();
                        boolean existed = prefixes(c, owner, stored.id(), true, -1, delta);
                        String sql = existed
                                ? "UPDATE phone_book SET owner = ?, id = ?, last_name = ?, first_name = ?, number = ? WHERE owner = ? AND id = ?"
                                : "INSERT INTO phone_book (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
                        try (PreparedStatement p = c.prepareStatement(sql)) {
                            bind(p, stored, owner);
                            if (existed) {
                                p.setString(6, owner);
                                p.setString(7, stored.id());
                            }
                            p.executeUpdate();
                        }
                        prefixes(c, owner, stored.id(), false, +1, delta);
                        addToCounts(c, owner, delta);
                        return null;
                    });
                    return stored;
                } catch (StoreException e) {
                    if (!Jdbc.isUniqueViolation(e) || attempt >= UPSERT_ATTEMPTS) {
                        throw e;
                    }
                    // another writer inserted this owner and id meanwhile: replace it
                }
            }
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
                    Map<String, Integer> delta = new TreeMap<>();
                    prefixes(c, owner, id, false, +1, delta);
                    addToCounts(c, owner, delta);
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

    /**
     * Adds {@code sign} to {@code delta} for each counted prefix of the entry ({@code field + '\0' +
     * prefix}, and the owner's {@code all}); false (and nothing added) when there is no such entry.
     * {@code lock}: read it FOR UPDATE.
     */
    private static boolean prefixes(Connection c, String owner, String id, boolean lock, int sign, Map<String, Integer> delta)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(lock ? PREFIXES + " FOR UPDATE" : PREFIXES)) {
            p.setString(1, owner);
            p.setString(2, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return false;
                }
                delta.merge(ALL + '\0', sign, Integer::sum);
                int column = 1;
                for (String[] f : COUNTED) {
                    for (int length = 1; length <= COUNTED_PREFIX; length++) {
                        String prefix = r.getString(column++);
                        if (prefix != null) {
                            delta.merge(f[0] + '\0' + prefix, sign, Integer::sum);
                        }
                    }
                }
                return true;
            }
        }
    }

    /**
     * Applies {@code delta} to {@code owner}'s counts, in key order: every writer locks count rows
     * in the same order (no deadlock between two on PostgreSQL).
     */
    private void addToCounts(Connection c, String owner, Map<String, Integer> delta) throws SQLException {
        boolean any = false;
        try (PreparedStatement p = c.prepareStatement(jdbc.dialect().addToPrefixCount())) {
            for (Map.Entry<String, Integer> d : delta.entrySet()) {
                if (d.getValue() != 0) {
                    int nul = d.getKey().indexOf('\0');
                    p.setString(1, d.getKey().substring(0, nul));
                    p.setString(2, owner);
                    p.setString(3, d.getKey().substring(nul + 1));
                    p.setInt(4, d.getValue());
                    p.addBatch();
                    any = true;
                }
            }
            if (any) {
                p.executeBatch();
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
        String o = owner(owner);
        return jdbc.write("phone book delete", c -> {
            Map<String, Integer> delta = new TreeMap<>();
            if (!prefixes(c, o, id, true, -1, delta)) {
                return false;
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM phone_book WHERE owner = ? AND id = ?")) {
                p.setString(1, o);
                p.setString(2, id);
                p.executeUpdate();
            }
            addToCounts(c, o, delta);
            return true;
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
            try (PreparedStatement p = c.prepareStatement("SELECT coalesce(sum(n), 0) FROM phone_book_prefix_count"
                    + " WHERE field = '" + ALL + "' AND owner = ? AND prefix = ''")) {
                p.setString(1, owner(owner)); // (a point lookup)
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
