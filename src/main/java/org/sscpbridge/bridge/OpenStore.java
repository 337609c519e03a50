package org.sscpbridge.bridge;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.config.BridgeConfig;
import org.sscpbridge.exec.BoundedSingleThreadExecutor;
import org.sscpbridge.exec.SerialExecutor;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.phone.PhoneFeatures;
import org.sscpbridge.store.Store;
import org.sscpbridge.store.StoreSettings;
import org.sscpbridge.store.Stores;

/**
 * The durable store while the bridge runs, with the one thread that does its I/O. Closing waits
 * (bounded) for the writes already handed over, so what phones were told is on disk before the
 * database closes.
 */
final class OpenStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenStore.class);
    private static final long DRAIN_SECONDS = 10;

    private final Store store;
    private final ExecutorService io;
    private final PhoneFeatures features;

    private OpenStore(Store store, BoundedSingleThreadExecutor io, int historyMax) {
        this.store = store;
        this.io = io;
        // Registrations' store work: never refused, one drain task in io's queue at a time (PhoneFeatures).
        SerialExecutor arrivals = new SerialExecutor(io::executeAlways, "phone arrivals", Integer.MAX_VALUE);
        this.features = new PhoneFeatures(store, io, new PhoneBook(store.phoneBook(), io), historyMax, arrivals);
    }

    /** Opens (and migrates) the configured store; a StoreException says why it cannot. */
    static OpenStore open(BridgeConfig config) {
        BridgeConfig.StoreConfig c = config.store();
        StoreSettings settings = c.url().isEmpty() ? StoreSettings.embedded(c.dataDir())
                : StoreSettings.shared(c.url(), c.user(), c.password(), c.pool());
        Store store = Stores.open(settings);
        // Bounded (store.queue.max): beyond it a feature answers "store busy" rather than queue without limit.
        BoundedSingleThreadExecutor io = new BoundedSingleThreadExecutor("sscp-store-io", config.bounds().storeQueue());
        LOG.info("store open: {}", c);
        return new OpenStore(store, io, config.historyMax());
    }

    PhoneFeatures features() {
        return features;
    }

    @Override
    public void close() {
        io.shutdown();
        try {
            if (!io.awaitTermination(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("store writes still pending after {} s: closing anyway", DRAIN_SECONDS);
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            io.shutdownNow();
        }
        store.close();
    }
}
