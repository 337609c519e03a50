package org.sscpbridge.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.sscpbridge.store.CallHistoryStore.Kind;
import org.sscpbridge.store.PhoneBookStore.Entry;

/**
 * The child JVM of {@link StoreCrashTest}: opens the embedded store in {@code args[0]} and writes
 * from 4 threads without end, printing a line for every write after its method returned
 * ({@code book OWNER ID}, {@code call DEVICE KEY}), and {@code written} once 200 writes are done.
 * It never closes the store: it is killed with SIGKILL.
 */
public final class StoreCrashWriter {

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        Store store = Stores.open(StoreSettings.embedded(Path.of(args[0])));
        AtomicInteger done = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String device = "SEP0000000000" + t;
            Thread thread = new Thread(() -> {
                for (int n = 0; ; n++) {
                    if (n % 2 == 0) {
                        Entry e = store.phoneBook().store(new Entry(n % 4 == 0 ? null : device, null, "Crash" + n, device, "" + n));
                        out.println("book " + (e.owner() == null ? "-" : e.owner()) + " " + e.id());
                    } else {
                        CallHistoryStore.Entry c = store.history().add(
                                new CallHistoryStore.Entry(0, device, Kind.PLACED, "" + n, null, Instant.now(), n), 1_000_000);
                        out.println("call " + device + " " + c.key());
                    }
                    if (done.incrementAndGet() == 200) {
                        out.println("written");
                    }
                }
            }, "writer-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
