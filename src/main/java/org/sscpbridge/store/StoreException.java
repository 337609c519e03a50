package org.sscpbridge.store;

/** The store could not do what was asked (database gone, disk full, schema newer than this code). */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
