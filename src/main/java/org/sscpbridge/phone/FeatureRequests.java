package org.sscpbridge.phone;

import org.sscpbridge.exec.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.feature.phonebook.PhoneBook;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.WireText;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.WireLimits;
import org.sscpbridge.store.PhoneBookStore;

/**
 * Answers one phone's feature requests (Forward, PhoneBook, CallHistory) from the feature services,
 * translating between SSCP messages and the features' own types. What goes to the store is answered
 * once stored (from the store's thread); a store that fails is answered Error 500 and logged.
 * Runs on the phone's thread (answers may leave from the store's).
 */
final class FeatureRequests {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureRequests.class);
    /** SPEC §2: at most 32 users per PhoneBookResult. */
    static final int PHONE_BOOK_PAGE = Math.min(32, WireLimits.MAX_PHONE_BOOK_USERS);

    private final String device;
    private final PhoneBook phoneBook;
    /** The entries of the last CallHistoryResult, in the order shown: Delete index N means the Nth. */
    private List<CallHistoryLog.Entry> historyShown = List.of();

    FeatureRequests(String device, PhoneBook phoneBook) {
        this.device = device;
        this.phoneBook = phoneBook;
    }

    /** Message 10 on the phone's selected {@code line}: ForwardStatus once stored. */
    void forward(Forwards forwards, int line, PhoneMessage.Forward request, Reply reply) {
        Optional<String> number = Optional.ofNullable(request.number()).filter(n -> !n.isBlank());
        forwards.set(line, kind(request.forwardType()), number).whenComplete((ok, failure) -> {
            if (failure != null) {
                refused(reply, "forward not stored", failure);
            } else {
                reply.answer(forwardStatus(forwards, line));
            }
        });
    }

    static BridgeMessage.ForwardStatus forwardStatus(Forwards forwards, int line) {
        List<BridgeMessage.ForwardInfo> list = new ArrayList<>();
        for (ForwardType type : ForwardType.values()) {
            Optional<String> target = forwards.target(line, kind(type));
            list.add(new BridgeMessage.ForwardInfo(type, target.orElse(null), target.isPresent()));
        }
        return new BridgeMessage.ForwardStatus(list);
    }

    static Forwards.Kind kind(ForwardType type) {
        return switch (type) {
            case ALL -> Forwards.Kind.ALL;
            case BUSY -> Forwards.Kind.BUSY;
            case NO_ANSWER -> Forwards.Kind.NO_ANSWER;
        };
    }

    /**
     * Message 14: Search the shared directory and the device's own entries; Store and Delete the
     * device's own entries (an invalid Store is answered Error 400 naming the field).
     */
    void phoneBook(PhoneMessage.PhoneBook request, Reply reply) {
        PhoneBookEntry u = request.user();
        CompletableFuture<BridgeMessage> answer = switch (request.action()) {
            case SEARCH -> phoneBook.search(device, new PhoneBookStore.Query(u.id(), u.lastName(), u.firstName(),
                    u.number()), request.start(), PHONE_BOOK_PAGE).thenApply(page -> new BridgeMessage.PhoneBookResult(page.total(),
                    200, page.entries().stream().map(FeatureRequests::entry).toList()));
            case STORE -> phoneBook.storePersonal(device, u.id(), u.lastName(), u.firstName(), u.number())
                    .thenApply(stored -> new BridgeMessage.PhoneBookResult(1, 200, List.of(entry(stored))));
            case DELETE -> u.id() == null || u.id().isBlank()
                    ? CompletableFuture.completedFuture(new BridgeMessage.Error(400, "id missing"))
                    : phoneBook.deletePersonal(device, u.id()).thenApply(deleted ->
                            new BridgeMessage.PhoneBookResult(deleted ? 1 : 0, deleted ? 200 : 404, List.of()));
        };
        answer.whenComplete((message, failure) -> {
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (cause instanceof PhoneBook.InvalidEntry invalid) {
                LOG.info("phone {}: phone book {} refused: {}", device, request.action().wireName(), invalid.getMessage());
                reply.answer(new BridgeMessage.Error(400, invalid.getMessage()));
            } else if (cause != null) {
                refused(reply, "phone book not available", cause);
            } else {
                reply.answer(message);
            }
        });
    }

    private static PhoneBookEntry entry(PhoneBookStore.Entry e) {
        return new PhoneBookEntry(e.id(), e.lastName(), e.firstName(), e.number());
    }

    /**
     * Message 13, from the device's history in memory: Query, Delete one entry by the index the
     * phone was last shown, Delete all of a type. Answered with the (new) list.
     */
    BridgeMessage.CallHistoryResult history(CallHistoryLog log, PhoneMessage.CallHistory request) {
        HistoryType type = HistoryType.ALL;
        int max = PhoneMessage.HistoryQuery.DEFAULT_MAX;
        if (request.request() instanceof PhoneMessage.HistoryDeleteEntry d) {
            List<CallHistoryLog.Entry> shown = historyShown.isEmpty() ? log.query(null, Integer.MAX_VALUE) : historyShown;
            if (d.index() >= 1 && d.index() <= shown.size()) {
                log.delete(shown.get(d.index() - 1));
            }
        } else if (request.request() instanceof PhoneMessage.HistoryDeleteAll all) {
            log.clear(kind(all.historyType()));
        } else if (request.request() instanceof PhoneMessage.HistoryQuery q) {
            type = q.historyType();
            max = q.max();
        }
        List<CallHistoryLog.Entry> entries = log.query(kind(type), max);
        historyShown = entries;
        List<BridgeMessage.HistoryEntry> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            CallHistoryLog.Entry e = entries.get(i);
            // Number and name were the SIP side's (or the store's): fit them for the wire.
            out.add(new BridgeMessage.HistoryEntry(i + 1, type(e.kind()), WireText.fit(e.number()),
                    WireText.fit(e.name()), e.time(),
                    e.durationSeconds()));
        }
        return new BridgeMessage.CallHistoryResult(out);
    }

    private void refused(Reply reply, String what, Throwable failure) {
        Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
        if (Async.refused(cause)) {
            // The store's queue is full (store.queue.max): say so at once rather than keep the phone waiting.
            LOG.warn("phone {}: {}: store busy", device, what);
            reply.answer(new BridgeMessage.Error(503, "store busy"));
            return;
        }
        LOG.warn("phone {}: {}: {}", device, what, cause.toString());
        reply.answer(new BridgeMessage.Error(500, what));
    }

    private static CallHistoryLog.Kind kind(HistoryType type) {
        return switch (type) {
            case ALL -> null;
            case MISSED -> CallHistoryLog.Kind.MISSED;
            case RECEIVED -> CallHistoryLog.Kind.RECEIVED;
            case PLACED -> CallHistoryLog.Kind.PLACED;
        };
    }

    private static HistoryType type(CallHistoryLog.Kind kind) {
        return switch (kind) {
            case MISSED -> HistoryType.MISSED;
            case RECEIVED -> HistoryType.RECEIVED;
            case PLACED -> HistoryType.PLACED;
        };
    }
}
