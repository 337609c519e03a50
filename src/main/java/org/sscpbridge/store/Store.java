package org.sscpbridge.store;

/**
 * The bridge's durable store: an embedded database in {@code data.dir}, or a shared one (PostgreSQL)
 * at {@code store.url} so that several bridges see the same phone book, history and forwards.
 * Thread-safe; every method may block briefly on I/O, so callers run it off the SSCP receive thread.
 */
public interface Store extends AutoCloseable {

    PhoneBookStore phoneBook();

    CallHistoryStore history();

    ForwardStore forwards();

    DeviceStateStore devices();

    /** Which bridge instance holds each device (several bridges on one store). */
    DeviceClaimStore claims();

    /** Closes the connections; the store is unusable afterwards. */
    @Override
    void close();
}
