package org.sscpbridge.store;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;

/** A database as an older bridge left it: the schema migrated only up to a given version. */
public final class OlderSchema {

    private OlderSchema() {
    }

    /** Creates (or migrates) the database of {@code settings} up to schema {@code version} only. */
    public static void create(StoreSettings settings, int version) throws Exception {
        Dialect dialect = Dialect.of(settings);
        if (settings.isEmbedded()) {
            Files.createDirectories(settings.dataDir());
        }
        try (Connection c = dialect.dataSource(settings).getConnection()) {
            new SchemaMigrator(dialect).migrate(c, version);
        }
    }

    /** The schema version of the database {@code c} is connected to. */
    public static int version(Connection c) throws SQLException {
        return SchemaMigrator.currentVersion(c);
    }
}
