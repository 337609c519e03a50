package org.sscpbridge.store;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A private PostgreSQL server for tests and benchmarks: its own cluster in a temporary folder,
 * listening on 127.0.0.1 at a free port (and a Unix socket in that folder only), stopped and deleted
 * by {@link #close()}. Uses the Debian package's binaries ({@code /usr/lib/postgresql/N/bin}, or
 * {@code initdb} on the PATH); as root, the server runs as user {@code postgres}. Never skips: without
 * the binaries it fails, saying how to get them.
 */
public final class PostgresServer implements AutoCloseable {

    static final String SUPERUSER = "postgres";
    static final String SUPERUSER_PASSWORD = "super-secret";
    public static final String USER = "bridge";
    public static final String PASSWORD = "bridge-pw";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean root;

    private PostgresServer(Path dir, Path bin, int port, boolean root) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.root = root;
    }

    /** Creates the cluster and starts the server; fails with the reason when it cannot. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = findBinaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("sscp-pg-");
        if (root) {
            run(List.of("chown", "-R", SUPERUSER + ":", dir.toString()), dir, false);
        }
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, SUPERUSER_PASSWORD + "\n", StandardCharsets.UTF_8);
        if (root) {
            run(List.of("chown", SUPERUSER + ":", pwfile.toString()), dir, false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER,
                "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8",
                "--locale=C.UTF-8", "--no-sync"), dir, root);
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
                        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start"), dir, root);
                PostgresServer server = new PostgresServer(dir, bin, port, root);
                server.createBridgeRole();
                return server;
            } catch (IOException e) {
                last = e; // most likely the port was taken meanwhile
            }
        }
        throw last;
    }

    private static Path findBinaries() {
        List<Path> candidates = new ArrayList<>();
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .sorted(Comparator.comparing((Path b) -> versionOf(b)).reversed())
                        .forEach(candidates::add);
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb")) && Files.isExecutable(Path.of(p, "pg_ctl"))) {
                candidates.add(Path.of(p));
            }
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin"
                    + " or on the PATH: install the Debian package 'postgresql' (bin/install-test-peers does, as root)");
        }
        return candidates.get(0);
    }

    private static int versionOf(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void run(List<String> command, Path dir, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        Path out = Files.createTempFile("sscp-pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", full) + ": no answer in 120 s");
            }
            if (p.exitValue() != 0) {
                String log = Files.readString(out);
                Path serverLog = dir.resolve("server.log");
                if (Files.exists(serverLog)) {
                    log += "\n--- server.log ---\n" + Files.readString(serverLog);
                }
                throw new IOException(String.join(" ", full) + " failed (exit " + p.exitValue() + "):\n" + log);
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private void createBridgeRole() throws IOException {
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
        } catch (SQLException e) {
            throw new IOException("cannot create role " + USER + ": " + e.getMessage(), e);
        }
    }

    private Connection superuser(String database) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url(database));
        ds.setUser(SUPERUSER);
        ds.setPassword(SUPERUSER_PASSWORD);
        return ds.getConnection();
    }

    /** A new empty database owned by {@link #USER}; returns its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        try (Connection c = superuser("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " OWNER " + USER);
        }
        return url(name);
    }

    /** Empties database {@code name} (drops and recreates its public schema); returns its JDBC URL. */
    public String emptyDatabase(String name) throws SQLException {
        try (Connection c = superuser(name); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public AUTHORIZATION " + USER);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Stops the server at once (no checkpoint: the data is thrown away) and deletes its folder. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
                    "-w", "stop"), dir, root);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
