package org.sscpbridge.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on JDBC: H2 embedded in the data folder, or a shared PostgreSQL. Connections come from a
 * HikariCP pool over the driver's own DataSource class; the schema is migrated when opened.
 */
public final class JdbcStore implements Store {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final HikariDataSource pool;
    private final Jdbc jdbc;
    private final JdbcPhoneBook phoneBook;
    private final JdbcCallHistory history;
    private final JdbcForwards forwards;
    private final JdbcDeviceState devices;
    private final JdbcDeviceClaims claims;

    private JdbcStore(HikariDataSource pool, Dialect dialect) {
        this.pool = pool;
        this.jdbc = new Jdbc(pool, dialect);
        this.phoneBook = new JdbcPhoneBook(jdbc);
        this.history = new JdbcCallHistory(jdbc);
        this.forwards = new JdbcForwards(jdbc);
        this.devices = new JdbcDeviceState(jdbc);
        this.claims = new JdbcDeviceClaims(jdbc);
    }

    /** See {@link Stores#open(StoreSettings)}. */
    static JdbcStore open(StoreSettings settings) {
        Dialect dialect = Dialect.of(settings);
        if (settings.isEmbedded()) {
            try {
                Files.createDirectories(settings.dataDir());
            } catch (IOException e) {
                throw new StoreException("cannot create the data folder " + settings.dataDir() + ": " + e, e);
            }
        }
        HikariDataSource pool = pool(dialect.dataSource(settings), dialect, settings);
        try {
            try (Connection c = pool.getConnection()) {
                int before = new SchemaMigrator(dialect).migrate(c);
                LOG.info("store open: {} ({}), schema version {} (was {}), pool {}", dialect,
                        settings.isEmbedded() ? settings.dataDir().resolve(Dialect.EMBEDDED_NAME + ".mv.db") : settings.url(),
                        SchemaMigrator.latestVersion(), before, settings.effectivePoolSize());
            }
            return new JdbcStore(pool, dialect);
        } catch (SQLException e) {
            pool.close();
            throw Jdbc.failure("opening the store at " + where(settings), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static HikariDataSource pool(DataSource ds, Dialect dialect, StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("sscp-store");
        config.setDataSource(ds);
        config.setMaximumPoolSize(settings.effectivePoolSize());
        config.setMinimumIdle(Math.min(2, settings.effectivePoolSize()));
        // A phone waits for the answer: fail fast (StoreException, the phone is told) rather than queue.
        config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(Dialect.CONNECT_TIMEOUT_SECONDS));
        config.setValidationTimeout(TimeUnit.SECONDS.toMillis(2));
        config.setAutoCommit(true);
        if (dialect.initSql() != null) {
            config.setConnectionInitSql(dialect.initSql());
        }
        try {
            // Opens the first connection now: an unreachable database fails here, with its reason.
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("cannot open the store at " + where(settings) + ": " + cause.getMessage(), e);
        }
    }

    private static String where(StoreSettings settings) {
        return settings.isEmbedded() ? settings.dataDir().toString() : settings.url();
    }

    @Override
    public PhoneBookStore phoneBook() {
        return phoneBook;
    }

    @Override
    public CallHistoryStore history() {
        return history;
    }

    @Override
    public ForwardStore forwards() {
        return forwards;
    }

    @Override
    public DeviceStateStore devices() {
        return devices;
    }

    @Override
    public DeviceClaimStore claims() {
        return claims;
    }

    /** Which database this store uses: {@code H2} or {@code POSTGRESQL}. */
    public String engine() {
        return jdbc.dialect().name();
    }

    @Override
    public void close() {
        pool.close(); // H2 closes the embedded database with its last connection (DB_CLOSE_DELAY 0)
    }
}
