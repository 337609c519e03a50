package org.sscpbridge.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.store.CallHistoryStore;
import org.sscpbridge.store.MemoryStore;

/** The store's I/O queue full ({@code store.queue.max}): features answer "store busy" at once, and recover. */
class StoreBusyTest {
    private final MemoryStore store = new MemoryStore();
    /** Refuses as a full bounded executor does while {@code full}; runs tasks in place otherwise. */
    private boolean full = true;
    private final Executor io = task -> {
        if (full) {
            throw new RejectedExecutionException("sscp-store-io busy: 2 tasks waiting");
        }
        task.run();
    };
    private final List<BridgeMessage> answers = new ArrayList<>();
    private final Reply reply = new Reply() {
        @Override
        public void answer(BridgeMessage answer) {
            answers.add(answer);
        }

        @Override
        public void ack() {
            answers.add(new BridgeMessage.Ack());
        }
    };

    @Test
    void phoneBookAndForwardAnswerError503StoreBusyThenWorkAgain() {
        FeatureRequests requests = new FeatureRequests("SEP1", new PhoneBook(store, io));
        Forwards forwards = new Forwards("SEP1", store, io);
        PhoneMessage.PhoneBook search = new PhoneMessage.PhoneBook(PhoneBookAction.SEARCH,
                new PhoneBookEntry(null, "Smith", null, null), 0);
        PhoneMessage.Forward forward = new PhoneMessage.Forward(ForwardType.ALL, "3003");

        requests.phoneBook(search, reply);
        requests.forward(forwards, 1, forward, reply);
        assertEquals(List.of(new BridgeMessage.Error(503, "store busy"), new BridgeMessage.Error(503, "store busy")),
                answers);

        full = false;
        answers.clear();
        requests.phoneBook(search, reply);
        requests.forward(forwards, 1, forward, reply);
        assertEquals(BridgeMessage.PhoneBookResult.class, answers.get(0).getClass());
        assertEquals(BridgeMessage.ForwardStatus.class, answers.get(1).getClass());
        assertEquals("3003", forwards.target(1, Forwards.Kind.ALL).orElseThrow());
    }

    @Test
    void historyWritesRefusedWhileFullMissTheStoreButLaterOnesAreStoredInOrder() {
        CallHistoryLog log = new CallHistoryLog("SEP1", store, io, 100, Runnable::run);
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.PLACED, "1001", null, t, 10));
        log.flushed().join();
        assertEquals(1, log.query(null, 10).size(), "the phone keeps its view");
        assertEquals(0, stored());

        full = false;
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.RECEIVED, "1002", "B", t.plusSeconds(60), 20));
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.MISSED, "1003", null, t.plusSeconds(120), 0));
        log.flushed().join();
        assertEquals(2, stored(), "not stuck behind the refused write");
        assertEquals(3, log.query(null, 10).size());
    }

    @Test
    void aPhoneArrivingWhileTheQueueIsFullStillGetsItsForwardsAndHistoryAndItsEarlyCallsAreStoredAfterTheLoad() {
        store.set("SEP1", 2, org.sscpbridge.store.ForwardStore.Kind.BUSY, java.util.Optional.of("4000"));
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        store.add(new CallHistoryStore.Entry(0, "SEP1", CallHistoryStore.Kind.MISSED, "1000", null, t, 0), 100);
        // The arrivals lane never refuses (PhoneFeatures); here it runs what it is given when told to.
        List<Runnable> arrivals = new ArrayList<>();
        Forwards forwards = new Forwards("SEP1", store, io, arrivals::add);
        forwards.refresh();
        forwards.refresh(); // asked again before the first ran: one read
        CallHistoryLog log = new CallHistoryLog("SEP1", store, io, 100, Runnable::run, arrivals::add);
        assertEquals(2, arrivals.size());

        full = false; // the calls made before the load are written only after it, so it cannot read them back
        log.add(new CallHistoryLog.Entry(CallHistoryLog.Kind.PLACED, "1001", null, t.plusSeconds(60), 10));
        assertEquals(1, stored(), "held until the load");
        arrivals.forEach(Runnable::run);
        assertEquals("4000", forwards.target(2, Forwards.Kind.BUSY).orElseThrow());
        assertEquals(List.of("1001", "1000"), log.query(null, 10).stream().map(CallHistoryLog.Entry::number).toList());
        log.flushed().join();
        assertEquals(2, stored());
        forwards.refresh();
        assertEquals(2, arrivals.size() - 1, "a refresh after the read reads again");
    }

    private int stored() {
        return store.query("SEP1", java.util.Optional.<CallHistoryStore.Kind>empty(), 100).size();
    }
}
