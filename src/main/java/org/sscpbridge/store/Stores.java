package org.sscpbridge.store;

/** Opens the bridge's store. */
public final class Stores {

    private Stores() {
    }

    /**
     * Opens (creating or migrating the schema as needed) the store {@code settings} describe.
     *
     * @throws StoreException when the database cannot be reached or opened, a migration fails, or
     *                        its schema is newer than this code
     */
    public static Store open(StoreSettings settings) {
        return JdbcStore.open(settings);
    }
}
