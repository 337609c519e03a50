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
import org.sscpbridge.store.OlderSchema;
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
        public StoreSettings settings;
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
            loadInto(settings);
        }

        /** Loads the entries into the empty database of {@code settings} and opens {@link #store} on it. */
        public void loadInto(StoreSettings settings) throws Exception {
            this.settings = settings;
            if (settings.isEmbedded()) {
                dir = settings.dataDir();
            }
            // The entries are loaded into a version 1 database with a JDBC batch; opening the store
            // then migrates it, which computes the prefix counts of schema 2 (as for an existing database).
            OlderSchema.create(settings, 1);
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
            try (Connection c = connect(settings); Statement s = c.createStatement()) {
                s.execute(engine.equals("H2") ? "ANALYZE" : "VACUUM ANALYZE");
            }
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

    /**
     * Plain-loop timing of single searches by prefix length (no JMH), for finding where the time goes:
     * {@code java -cp … org.sscpbridge.benchmark.StoreSearchBenchmark [H2|PostgreSQL] [calls per length]}.
     */
    public static void main(String[] args) throws Exception {
        Book book = new Book();
        book.engine = args.length > 0 ? args[0] : "H2";
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long loadStart = System.nanoTime();
        book.load();
        System.out.printf("%s: loaded in %d ms%n", book.engine, (System.nanoTime() - loadStart) / 1_000_000);
        try {
            Random random = new Random(7);
            for (String field : new String[] {"last", "number"}) {
                for (int length = 1; length <= 4; length++) {
                    long[] times = new long[calls];
                    long totals = 0;
                    for (int round = 0; round < 2; round++) { // the first round warms up
                        for (int i = 0; i < calls; i++) {
                            String prefix;
                            if (field.equals("last")) {
                                String last = book.lastNames[random.nextInt(book.lastNames.length)];
                                prefix = last.substring(0, Math.min(last.length(), length));
                            } else {
                                StringBuilder b = new StringBuilder().append(1 + random.nextInt(9));
                                for (int d = 1; d < length; d++) {
                                    b.append(random.nextInt(10));
                                }
                                prefix = b.toString();
                            }
                            PhoneBookStore.Query q = field.equals("last") ? new PhoneBookStore.Query(null, prefix, null, null)
                                    : new PhoneBookStore.Query(null, null, null, prefix);
                            long t0 = System.nanoTime();
                            PhoneBookStore.Page page = book.store.phoneBook().search(device(random.nextInt(DEVICES)), q, 0, PAGE);
                            times[i] = System.nanoTime() - t0;
                            totals += page.total();
                        }
                    }
                    java.util.Arrays.sort(times);
                    System.out.printf("%-6s %d: p50 %5d us  p90 %5d us  p99 %5d us  max %6d us  (mean total %d)%n", field, length,
                            times[calls / 2] / 1000, times[calls * 9 / 10] / 1000, times[calls * 99 / 100] / 1000,
                            times[calls - 1] / 1000, totals / (2L * calls));
                }
            }
        } finally {
            book.close();
        }
    }
}
