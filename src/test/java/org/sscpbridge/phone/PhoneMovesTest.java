package org.sscpbridge.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.sscpbridge.store.MemoryStore;
import org.sscpbridge.time.ManualScheduler;

class PhoneMovesTest {
    private static final Duration POLL = Duration.ofSeconds(2);
    private final MemoryStore store = new MemoryStore();
    private final ManualScheduler scheduler = new ManualScheduler();
    /** The store's I/O thread, run by the test: tasks wait until {@link #runIo()}. */
    private final List<Runnable> ioQueue = new ArrayList<>();
    private final Executor io = ioQueue::add;
    private final Set<String> held = new CopyOnWriteArraySet<>();
    private final List<String> moved = new ArrayList<>();

    private PhoneMoves moves(String instance, boolean claim) {
        PhoneMoves m = new PhoneMoves(new PhoneMoves.Settings(instance, claim, POLL), store, io, scheduler,
                () -> held, (device, owner) -> moved.add(device + "->" + owner));
        m.start();
        return m;
    }

    private void runIo() {
        while (!ioQueue.isEmpty()) {
            ioQueue.remove(0).run();
        }
    }

    private void pollNow() {
        scheduler.advance(POLL);
        runIo();
    }

    @Test
    void aDeviceClaimedByAnotherInstanceIsHandedOverOnce() {
        PhoneMoves a = moves("A", true);
        held.add("SEP1");
        held.add("SEP2");
        a.registered("SEP1");
        a.registered("SEP2");
        runIo();
        pollNow();
        assertEquals(List.of(), moved, "claimed by this instance: stays");

        store.claim("SEP1", "B", scheduler.now()); // the phone registered with B
        pollNow();
        assertEquals(List.of("SEP1->B"), moved);
        held.remove("SEP1"); // the session ended
        pollNow();
        assertEquals(List.of("SEP1->B"), moved);
        assertEquals("A", store.owners(List.of("SEP2")).get("SEP2"));
    }

    @Test
    void aPhoneThatCameBackIsNotSentAway() {
        PhoneMoves a = moves("A", true);
        held.add("SEP1");
        a.registered("SEP1");
        runIo();
        store.claim("SEP1", "B", scheduler.now());
        // The phone comes back to A before A's claim is written: the poll must not act on B's old claim.
        a.registered("SEP1");
        scheduler.advance(POLL);
        // the claim is queued first, then the poll: the claim is written before the poll reads
        runIo();
        assertEquals(List.of(), moved);
        assertEquals("A", store.owners(List.of("SEP1")).get("SEP1"));
    }

    @Test
    void anUnwrittenClaimIsNotJudged() {
        PhoneMoves a = moves("A", true);
        held.add("SEP1");
        a.registered("SEP1");
        runIo();
        store.claim("SEP1", "B", scheduler.now());
        scheduler.advance(POLL); // the poll is queued ...
        a.registered("SEP1"); // ... then the phone comes back here: its claim is queued after the poll
        runIo();
        assertEquals(List.of(), moved, "the poll saw a claim of this instance not yet written: it waits");
        pollNow();
        assertEquals(List.of(), moved);
        assertEquals("A", store.owners(List.of("SEP1")).get("SEP1"));
    }

    @Test
    void withoutASharedStoreNothingIsClaimedOrPolled() {
        PhoneMoves a = moves("A", false);
        held.add("SEP1");
        a.registered("SEP1");
        store.claim("SEP1", "B", scheduler.now());
        pollNow();
        assertEquals(List.of(), moved);
        assertEquals(0, scheduler.pending());
    }

    @Test
    void closingStopsThePolls() {
        PhoneMoves a = moves("A", true);
        held.add("SEP1");
        a.registered("SEP1");
        runIo();
        store.claim("SEP1", "B", scheduler.now());
        a.close();
        pollNow();
        assertEquals(List.of(), moved);
    }
}
