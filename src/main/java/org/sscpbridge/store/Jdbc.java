package org.sscpbridge.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Runs units of work on pooled connections and turns every {@link SQLException} into a
 * {@link StoreException} naming what was being done. Writes run in one transaction each and are
 * committed before the method returns.
 */
final class Jdbc {

    /** One unit of work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** SQLSTATE of a unique (or primary key) violation, the same in H2 and PostgreSQL. */
    static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Dialect dialect;
    /**
     * Embedded H2: one writing transaction at a time. With WRITE_DELAY=0 each commit stores its
     * MVStore chunk itself, but with {@code tryCommit}, which gives up when another thread is storing
     * at that moment; then the change would reach the file only with the next commit. Writes are
     * rare (an edit, a call's end), so serialising them costs nothing and makes "returned" mean
     * "in the file". Null for PostgreSQL (the server syncs its WAL at each commit).
     */
    private final Lock writeLock;

    Jdbc(DataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.writeLock = dialect == Dialect.H2 ? new ReentrantLock() : null;
    }

    Dialect dialect() {
        return dialect;
    }

    /** Reads in auto-commit mode. */
    <T> T read(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs {@code work} in one transaction, committed before returning; rolled back when it throws. */
    <T> T write(String what, Work<T> work) {
        if (writeLock != null) {
            writeLock.lock();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    static StoreException failure(String what, SQLException e) {
        return new StoreException(what + " failed: " + e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
    }

    /** True when {@code e} (or one it chains) is a unique violation. */
    static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && UNIQUE_VIOLATION.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
