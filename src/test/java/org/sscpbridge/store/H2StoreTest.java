package org.sscpbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the embedded H2 database, one temporary data folder per test. */
class H2StoreTest extends StoreContractTest {

    @TempDir
    Path temp;
    Path dataDir;
    int databases;

    @Override
    StoreSettings emptyDatabase() {
        dataDir = temp.resolve("data" + (databases++ == 0 ? "" : Integer.toString(databases)));
        return StoreSettings.embedded(dataDir);
    }

    @Override
    Connection rawConnection() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(Dialect.embeddedUrl(dataDir));
        ds.setUser("sa");
        return ds.getConnection();
    }

    @Test
    void theDatabaseIsOneFileInTheDataFolderWithNoWriteDelay() throws SQLException {
        assertTrue(Files.exists(dataDir.resolve("sscp-bridge.mv.db")));
        try (Connection c = rawConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
            r.next();
            assertEquals("0", r.getString(1));
        }
    }

    @Test
    void aDataFolderThatCannotBeCreatedIsAStoreException() throws Exception {
        Path file = Files.writeString(temp.resolve("not-a-folder"), "x");
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(StoreSettings.embedded(file.resolve("data"))));
        assertTrue(e.getMessage().contains("data folder"), e.getMessage());
    }

    @Test
    void anUnknownUrlIsAStoreException() {
        StoreException e = assertThrows(StoreException.class,
                () -> Stores.open(StoreSettings.shared("jdbc:mysql://db/x", "", "", 0)));
        assertTrue(e.getMessage().contains("jdbc:postgresql://"), e.getMessage());
    }
}
