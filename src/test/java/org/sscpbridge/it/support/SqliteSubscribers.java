package org.sscpbridge.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Kamailio's subscriber table as an SQLite database for db_sqlite, written with the {@code sqlite3}
 * tool: the columns auth_db reads (plain passwords, {@code calculate_ha1}) and a unique index on
 * (username, domain), so that a digest check is an index lookup and not a scan of every
 * subscriber as with db_text.
 */
final class SqliteSubscribers {
    private SqliteSubscribers() {}

    static void write(Path file, Map<String, String> subscribers, String domain) throws IOException,
            InterruptedException {
        Files.deleteIfExists(file);
        StringBuilder sql = new StringBuilder("""
                CREATE TABLE version (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                  table_name VARCHAR(32) NOT NULL, table_version INTEGER DEFAULT 0 NOT NULL);
                INSERT INTO version (table_name, table_version) VALUES ('subscriber', 7);
                CREATE TABLE subscriber (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                  username VARCHAR(64) DEFAULT '' NOT NULL, domain VARCHAR(64) DEFAULT '' NOT NULL,
                  password VARCHAR(64) DEFAULT '' NOT NULL, ha1 VARCHAR(128) DEFAULT '' NOT NULL,
                  ha1b VARCHAR(128) DEFAULT '' NOT NULL);
                CREATE UNIQUE INDEX subscriber_account_idx ON subscriber (username, domain);
                BEGIN;
                """);
        for (var e : subscribers.entrySet()) {
            sql.append("INSERT INTO subscriber (username, domain, password) VALUES ('").append(quote(e.getKey()))
                    .append("', '").append(quote(domain)).append("', '").append(quote(e.getValue())).append("');\n");
        }
        sql.append("COMMIT;\n");
        Path script = file.resolveSibling(file.getFileName() + ".sql");
        Files.writeString(script, sql, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("sqlite3", file.toString()).redirectInput(script.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("sqlite3 could not write " + file + " (bin/install-test-peers installs it): " + out);
        }
    }

    private static String quote(String s) {
        return s.replace("'", "''");
    }
}
