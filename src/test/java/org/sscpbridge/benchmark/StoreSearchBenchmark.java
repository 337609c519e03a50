package org.sscpbridge.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.postgresql.ds.PGSimpleDataSource;
import org.sscpbridge.store.PhoneBookStore;
import org.sscpbridge.store.PostgresServer;
import org.sscpbridge.store.Store;
import org.sscpbridge.store.StoreSettings;
import org.sscpbridge.store.Stores;

/**
 * Phone book search latency with 100 000 entries: 50 000 shared and 50 000 personal (500 devices of
 * 100), searched as a random device, by a random 1–4 character prefix of an existing last name, or of
 * digits on the number, a page of 32 with its total. H2 embedded (temporary folder) and a private
 * PostgreSQL started like the tests start it.
 * Run: {@code mvn -B -o test-compile exec:exec@jmh -Djmh.args="-f 1 -wi 2 -w 5s -i 3 -r 10s -bm sample -tu us StoreSearchBenchmark"}.
 * Results are recorded in docs/BENCHMARKS.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreSearchBenchmark {

    static final int SHARED = 50_000;
    static final int DEVICES = 500;
    static final int PER_DEVICE = 100;
    static final int PAGE = 32;

    static final String[] SYLLABLES = {"ka", "ki", "ko", "ma", "mi", "mo", "na", "ni", "no", "pa", "pe", "ro", "sa", "se",
        "shi", "ta", "te", "to", "ya", "yo", "ha", "he", "ri", "lu", "be", "da", "go", "ju", "ve", "zo", "an", "el", "or"};

    @State(Scope.Benchmark)
    public static class Book {
        @Param({"H2", "PostgreSQL"})
        public String engine;

        Path dir;
        PostgresServer server;
        Store store;
        String[] lastNames;

        @Setup(Level.Trial)
        public void load() throws Exception {
            StoreSettings settings;
            if (engine.equals("H2")) {
                dir = Files.createTempDirectory("sscp-bench-h2-");
                settings = StoreSettings.embedded(dir);
            } else {
                server = PostgresServer.start();
                settings = StoreSettings.shared(server.createDatabase("bench"), PostgresServer.USER, PostgresServer.PASSWORD, 4);
            }
            Stores.open(settings).close(); // creates the schema
            Random random = new Random(42);
            lastNames = new String[SHARED + DEVICES * PER_DEVICE];
            try (Connection c = connect(settings)) {
                c.setAutoCommit(false);
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO phone_book (owner, id, last_name, first_name, number) VALUES (?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < lastNames.length; i++) {
                        String owner = i < SHARED ? "" : device((i - SHARED) / PER_DEVICE);
                        lastNames[i] = name(random, 2 + random.nextInt(3));
                        p.setString(1, owner);
                        p.setString(2, Integer.toString(i));
                        p.setString(3, lastNames[i]);
                        p.setString(4, name(random, 1 + random.nextInt(3)));
                        p.setString(5, Long.toString(1_000 + (random.nextLong() & Long.MAX_VALUE) % 9_999_999_000L));
                        p.addBatch();
                        if (i % 1000 == 999) {
                            p.executeBatch();
                        }
                    }
                    p.executeBatch();
                }
                c.commit();
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    if (engine.equals("H2")) {
                        s.execute("ANALYZE");
                    } else {
                        s.execute("VACUUM ANALYZE phone_book");
                    }
                }
            }
            store = Stores.open(settings);
        }

        private Connection connect(StoreSettings settings) throws SQLException {
            if (engine.equals("H2")) {
                JdbcDataSource ds = new JdbcDataSource();
                ds.setURL("jdbc:h2:file:" + dir.resolve("sscp-bridge"));
                ds.setUser("sa");
                return ds.getConnection();
            }
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(settings.url());
            ds.setUser(settings.user());
            ds.setPassword(settings.password());
            return ds.getConnection();
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            store.close();
            if (server != null) {
                server.close();
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    static String device(int n) {
        return String.format("SEP00AABB%06d", n);
    }

    static String name(Random random, int syllables) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            b.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
        return b.toString();
    }

    /** A 1–4 character prefix of an existing last name, in random case. */
    @Benchmark
    public PhoneBookStore.Page lastNamePrefix(Book book) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String last = book.lastNames[r.nextInt(book.lastNames.length)];
        String prefix = last.substring(0, Math.min(last.length(), 1 + r.nextInt(4)));
        prefix = r.nextBoolean() ? prefix.toLowerCase() : prefix.toUpperCase();
        return book.store.phoneBook().search(device(r.nextInt(DEVICES)), new PhoneBookStore.Query(null, prefix, null, null), 0, PAGE);
    }

    /** 1–4 random digits as a number prefix. */
    @Benchmark
    public PhoneBookStore.Page numberPrefix(Book book) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int digits = 1 + r.nextInt(4);
        StringBuilder prefix = new StringBuilder().append(1 + r.nextInt(9));
        for (int i = 1; i < digits; i++) {
            prefix.append(r.nextInt(10));
        }
        return book.store.phoneBook().search(device(r.nextInt(DEVICES)), new PhoneBookStore.Query(null, null, null, prefix.toString()), 0, PAGE);
    }
}
