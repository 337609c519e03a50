package org.sscpbridge.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the schema this code needs: table {@code schema_version} holds one row per
 * script applied; the scripts {@code V<n>__<what>.sql} beside this class run in order, each in its
 * own transaction together with its {@code schema_version} row. A database whose version is newer
 * than the newest script is refused. (H2 commits each DDL statement by itself, so there a script
 * that fails half-way is not rolled back; on PostgreSQL it is.)
 */
final class SchemaMigrator {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    /** Every script, in order: the n-th is version n. A resource folder cannot be listed inside a bundle. */
    static final List<String> SCRIPTS = List.of("V1__initial.sql", "V2__prefix_counts.sql",
            "V3__device_claims.sql");

    private final Dialect dialect;

    SchemaMigrator(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The version this code brings a database to. */
    static int latestVersion() {
        return SCRIPTS.size();
    }

    /** Migrates; returns the version the database was at before (0: empty). */
    int migrate(Connection c) throws SQLException {
        return migrate(c, latestVersion());
    }

    /** Migrates up to {@code target} only (tests: a database as an older bridge left it). */
    int migrate(Connection c, int target) throws SQLException {
        c.setAutoCommit(true);
        createVersionTable(c);
        int before = currentVersion(c);
        checkNotNewer(before);
        for (int version = before + 1; version <= Math.min(target, latestVersion()); version++) {
            apply(c, version);
        }
        return before;
    }

    private void createVersionTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + " version INTEGER NOT NULL,"
                    + " script VARCHAR(200) NOT NULL,"
                    + " applied_at TIMESTAMP(6) WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,"
                    + " CONSTRAINT schema_version_pk PRIMARY KEY (version))");
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT max(version) FROM schema_version")) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void checkNotNewer(int version) {
        if (version > latestVersion()) {
            throw new StoreException("the database's schema is version " + version + ", newer than this bridge knows (up to "
                    + latestVersion() + "): a newer bridge has used it; run that version, or point store.url elsewhere");
        }
    }

    private void apply(Connection c, int version) throws SQLException {
        String script = SCRIPTS.get(version - 1);
        List<String> statements = statements(read(script), dialect.scriptTokens());
        c.setAutoCommit(false);
        try {
            String lock = dialect.lockSchema();
            if (lock != null) {
                try (Statement s = c.createStatement()) {
                    s.execute(lock);
                }
            }
            int now = currentVersion(c); // another bridge may have migrated meanwhile
            checkNotNewer(now);
            if (now >= version) {
                c.rollback();
                return;
            }
            try (Statement s = c.createStatement()) {
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
            try (var insert = c.prepareStatement("INSERT INTO schema_version (version, script) VALUES (?, ?)")) {
                insert.setInt(1, version);
                insert.setString(2, script);
                insert.executeUpdate();
            }
            c.commit();
            LOG.info("store schema migrated to version {} ({})", version, script);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("schema migration " + script + " failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    static String read(String script) {
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new StoreException("migration script " + script + " missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration script " + script, e);
        }
    }

    /** Splits a script at the semicolons ending lines; drops {@code --} comment lines; replaces tokens. */
    static List<String> statements(String script, Map<String, String> tokens) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(replace(current.substring(0, current.lastIndexOf(";")).strip(), tokens));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(replace(current.toString().strip(), tokens));
        }
        return out;
    }

    private static String replace(String sql, Map<String, String> tokens) {
        for (Map.Entry<String, String> t : tokens.entrySet()) {
            sql = sql.replace(t.getKey(), t.getValue());
        }
        return sql;
    }
}
