package org.sscpbridge.store;

import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What differs between the two databases. The DataSources are made from the drivers' own classes,
 * never through {@code DriverManager} (which does not see drivers in other OSGi bundles).
 */
enum Dialect {

    H2 {
        @Override
        DataSource dataSource(StoreSettings settings) {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(settings.isEmbedded() ? embeddedUrl(settings.dataDir()) : settings.url());
            ds.setUser(settings.user().isEmpty() ? "sa" : settings.user());
            ds.setPassword(settings.password());
            return ds;
        }

        @Override
        String upsert(String table, String keyColumns, String columns) {
            return "MERGE INTO " + table + " (" + columns + ") KEY (" + keyColumns + ") VALUES ("
                    + placeholders(columns) + ")";
        }

        @Override
        String nextId() {
            return "SELECT NEXT VALUE FOR phone_book_id_seq";
        }

        @Override
        String addToPrefixCount() {
            // Writes are serialised on H2 (Jdbc's write lock): no concurrent insert of the same row.
            return "MERGE INTO phone_book_prefix_count t USING (VALUES (CAST(? AS VARCHAR(8)), CAST(? AS VARCHAR(64)),"
                    + " CAST(? AS VARCHAR(8)), CAST(? AS INTEGER))) s (field, owner, prefix, d)"
                    + " ON t.field = s.field AND t.owner = s.owner AND t.prefix = s.prefix"
                    + " WHEN MATCHED THEN UPDATE SET n = t.n + s.d"
                    + " WHEN NOT MATCHED THEN INSERT (field, owner, prefix, n) VALUES (s.field, s.owner, s.prefix, s.d)";
        }

        @Override
        String lockSchema() {
            return null; // an embedded database has one user: the file is locked by this JVM
        }

        @Override
        String initSql() {
            return null;
        }

        @Override
        String useIndex(String index) {
            return " USE INDEX (" + index + ")";
        }
    },

    POSTGRESQL {
        @Override
        DataSource dataSource(StoreSettings settings) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setURL(settings.url());
            if (!settings.user().isEmpty()) {
                ds.setUser(settings.user());
            }
            if (!settings.password().isEmpty()) {
                ds.setPassword(settings.password());
            }
            ds.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
            ds.setLoginTimeout(CONNECT_TIMEOUT_SECONDS);
            // A statement on a connection whose peer vanished (network cut, no RST) fails after this
            // instead of blocking a phone's worker forever.
            ds.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
            ds.setTcpKeepAlive(true);
            ds.setApplicationName("sscp-bridge");
            return ds;
        }

        @Override
        String upsert(String table, String keyColumns, String columns) {
            java.util.Set<String> keys = java.util.Set.of(keyColumns.replace(" ", "").split(","));
            StringBuilder set = new StringBuilder();
            for (String c : columns.replace(" ", "").split(",")) {
                if (!keys.contains(c)) {
                    set.append(set.isEmpty() ? "" : ", ").append(c).append(" = EXCLUDED.").append(c);
                }
            }
            return "INSERT INTO " + table + " (" + columns + ") VALUES (" + placeholders(columns) + ") ON CONFLICT ("
                    + keyColumns + ") DO " + (set.isEmpty() ? "NOTHING" : "UPDATE SET " + set);
        }

        @Override
        String nextId() {
            return "SELECT nextval('phone_book_id_seq')";
        }

        @Override
        String addToPrefixCount() {
            return "INSERT INTO phone_book_prefix_count (field, owner, prefix, n) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (field, owner, prefix) DO UPDATE SET n = phone_book_prefix_count.n + EXCLUDED.n";
        }

        @Override
        String lockSchema() {
            // Two bridges starting together against one database migrate one after the other.
            return "LOCK TABLE schema_version IN SHARE ROW EXCLUSIVE MODE";
        }

        @Override
        String initSql() {
            // Plan every execution with its values: a generic plan of "key LIKE $1" cannot use the
            // prefix index, and the JDBC driver switches to server-prepared statements after 5 uses.
            return "SET plan_cache_mode = force_custom_plan";
        }
    };

    /** Seconds to wait for a PostgreSQL connection (and Hikari for a free one). */
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    static final int SOCKET_TIMEOUT_SECONDS = 30;

    /** The embedded database's base name in the data folder (H2 adds {@code .mv.db}). */
    static final String EMBEDDED_NAME = "sscp-bridge";

    /**
     * The embedded URL. WRITE_DELAY=0: every commit writes its MVStore chunk before returning (the
     * default 500 ms leaves it to a background thread); DB_CLOSE_ON_EXIT=FALSE: the store closes the
     * database, not a JVM shutdown hook racing the OSGi stop.
     */
    static String embeddedUrl(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(EMBEDDED_NAME) + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
    }

    static Dialect of(StoreSettings settings) {
        String url = settings.url();
        if (url.isEmpty() || url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new StoreException("unsupported store.url '" + url + "': expected jdbc:postgresql://HOST[:PORT]/DATABASE"
                + " (or empty for the embedded database)");
    }

    abstract DataSource dataSource(StoreSettings settings);

    /** Insert or replace by key; {@code columns} lists every column bound, keys first. */
    abstract String upsert(String table, String keyColumns, String columns);

    /** A query returning the next generated phone book id. */
    abstract String nextId();

    /**
     * Adds to a row of {@code phone_book_prefix_count}, inserting it when missing; parameters field,
     * owner, prefix, amount.
     */
    abstract String addToPrefixCount();

    /** A statement serialising migrations in one transaction, or null. */
    abstract String lockSchema();

    /** Run once on each new connection, or null. */
    abstract String initSql();

    /**
     * A table hint choosing {@code index}, or empty. H2 plans a prepared statement before it sees
     * the values and cannot tell that {@code last_key LIKE ?} is selective: without a hint it scans
     * the owner's half of the primary key (30–50 ms at 100 000 entries). PostgreSQL plans each
     * execution with its values (force_custom_plan) and needs none.
     */
    String useIndex(String index) {
        return "";
    }

    /** Replacements of the {@code ${…}} tokens in the migration scripts. */
    Map<String, String> scriptTokens() {
        return this == POSTGRESQL
                ? Map.of("${stored}", "STORED", "${collate_c}", "COLLATE \"C\"")
                : Map.of("${stored}", "", "${collate_c}", "");
    }

    private static String placeholders(String columns) {
        return String.join(", ", java.util.Collections.nCopies(columns.split(",").length, "?"));
    }
}
