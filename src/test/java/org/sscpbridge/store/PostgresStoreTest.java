package org.sscpbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.sscpbridge.store.PhoneBookStore.Entry;

/**
 * The contract on a real PostgreSQL that this class starts (Debian package {@code postgresql}, a
 * private cluster on 127.0.0.1, password authentication as role {@code bridge}). Fails, never skips,
 * when the server binaries are missing.
 */
class PostgresStoreTest extends StoreContractTest {

    static PostgresServer server;
    static final String DATABASE = "contract";

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
        server.createDatabase(DATABASE);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    StoreSettings emptyDatabase() throws SQLException {
        return StoreSettings.shared(server.emptyDatabase(DATABASE), PostgresServer.USER, PostgresServer.PASSWORD, 3);
    }

    @Override
    Connection rawConnection() throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(server.url(DATABASE));
        ds.setUser(PostgresServer.USER);
        ds.setPassword(PostgresServer.PASSWORD);
        return ds.getConnection();
    }

    @Test
    void anUnreachableServerIsAStoreExceptionWithinSeconds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long start = System.nanoTime();
        StoreException e = assertThrows(StoreException.class,
                () -> Stores.open(StoreSettings.shared("jdbc:postgresql://127.0.0.1:" + port + "/x", "u", "p", 2)));
        assertTrue(System.nanoTime() - start < 15_000_000_000L);
        assertTrue(e.getMessage().contains("127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void aWrongPasswordIsAStoreException() {
        assertThrows(StoreException.class,
                () -> Stores.open(StoreSettings.shared(server.url(DATABASE), PostgresServer.USER, "wrong", 2)));
    }

    @Test
    void twoBridgesShareOneDatabase() {
        try (Store other = Stores.open(settings)) {
            book.store(new Entry(null, "1", "Seen", null, "1"));
            assertEquals(1, other.phoneBook().search(A, null, 0, 10).total());
            other.forwards().set(A, 1, ForwardStore.Kind.BUSY, java.util.Optional.of("7"));
            assertEquals(java.util.Map.of(1, java.util.Map.of(ForwardStore.Kind.BUSY, "7")), store.forwards().forwards(A));
        }
    }

    @Test
    void searchesUseTheIndexes() throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO phone_book (owner, id, last_name, first_name, number)"
                    + " SELECT CASE WHEN g % 2 = 0 THEN '' ELSE 'SEP' || (g % 100) END, g::text, 'Name' || g, 'F' || g, (g * 7919 % 1000000)::text"
                    + " FROM generate_series(1, 20000) g");
            s.execute("ANALYZE phone_book");
            for (String where : new String[] {"last_key LIKE lower('nam') || '%' ESCAPE '\\'",
                    "number_key LIKE lower('123') || '%' ESCAPE '\\'"}) {
                StringBuilder plan = new StringBuilder();
                try (ResultSet r = s.executeQuery("EXPLAIN SELECT owner, id FROM phone_book WHERE owner IN ('', 'SEP7') AND "
                        + where + " ORDER BY last_key, first_key, number_key, id, owner OFFSET 0 ROWS FETCH NEXT 32 ROWS ONLY")) {
                    while (r.next()) {
                        plan.append(r.getString(1)).append('\n');
                    }
                }
                assertTrue(plan.toString().contains("Index"), plan.toString());
                assertTrue(!plan.toString().contains("Seq Scan"), plan.toString());
            }
            // The last-name search's generic plan (JdbcPhoneBook.lastNameSearch): the search-order
            // index from the prefix, no sort, whatever the prefix.
            s.execute("SET plan_cache_mode = force_generic_plan");
            s.execute("PREPARE by_last(text, text, int, int) AS SELECT owner, id, last_name FROM phone_book"
                    + " WHERE owner IN ('', $2) AND last_key >= lower($1) AND last_key < lower($1) || " + JdbcPhoneBook.ABOVE
                    + " ORDER BY last_key, first_key, number_key, id, owner OFFSET $3 ROWS FETCH NEXT $4 ROWS ONLY");
            StringBuilder plan = new StringBuilder();
            try (ResultSet r = s.executeQuery("EXPLAIN EXECUTE by_last('N', 'SEP7', 0, 32)")) {
                while (r.next()) {
                    plan.append(r.getString(1)).append('\n');
                }
            }
            assertTrue(plan.toString().contains("phone_book_by_last") && plan.toString().contains("$1"), plan.toString());
            assertTrue(!plan.toString().contains("Sort") && !plan.toString().contains("Seq Scan"), plan.toString());
        }
    }
}
