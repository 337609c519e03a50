package org.sscpbridge.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the store lives and how to reach it.
 *
 * @param dataDir  the bridge's data folder; the embedded database is {@code <dataDir>/sscp-bridge.mv.db}
 * @param url      empty: the embedded H2 file database in {@code dataDir}; {@code jdbc:postgresql://…}:
 *                 a shared PostgreSQL database; {@code jdbc:h2:…}: an H2 database at that URL (tools, tests)
 * @param user     database user (empty: none for PostgreSQL, {@code sa} for H2)
 * @param password database password (empty: none)
 * @param poolSize connections kept open at most; 0 or less: {@link #DEFAULT_POOL_SIZE}
 */
public record StoreSettings(Path dataDir, String url, String user, String password, int poolSize) {

    /** Connections per bridge unless configured: searches are short, writes rare. */
    public static final int DEFAULT_POOL_SIZE = 4;

    public StoreSettings {
        url = url == null ? "" : url.trim();
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (url.isEmpty()) {
            Objects.requireNonNull(dataDir, "dataDir (needed for the embedded database)");
        }
    }

    /** The embedded H2 database in {@code dataDir}, default pool. */
    public static StoreSettings embedded(Path dataDir) {
        return new StoreSettings(dataDir, "", "", "", 0);
    }

    /** A shared database at {@code url}. */
    public static StoreSettings shared(String url, String user, String password, int poolSize) {
        return new StoreSettings(null, url, user, password, poolSize);
    }

    public boolean isEmbedded() {
        return url.isEmpty();
    }

    /** The pool size actually used. */
    public int effectivePoolSize() {
        return poolSize > 0 ? poolSize : DEFAULT_POOL_SIZE;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "StoreSettings[dataDir=" + dataDir + ", url=" + url + ", user=" + user
                + ", password=" + (password.isEmpty() ? "" : "***") + ", poolSize=" + poolSize + "]";
    }
}
