package org.sscpbridge.phone;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.feature.history.CallHistoryLog;
import org.sscpbridge.feature.phonebook.Contact;
import org.sscpbridge.feature.phonebook.PhoneBookDirectory;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.WireLimits;

/**
 * Answers a phone's feature requests (Forward, PhoneBook, CallHistory) from the feature services,
 * translating between SSCP messages and the features' own types.
 */
final class FeatureRequests {
    /** SPEC §2: at most 32 users per PhoneBookResult. */
    static final int PHONE_BOOK_PAGE = Math.min(32, WireLimits.MAX_PHONE_BOOK_USERS);

    private FeatureRequests() {}

    static BridgeMessage.ForwardStatus forward(Forwards forwards, PhoneMessage.Forward request) {
        forwards.set(kind(request.forwardType()), Optional.ofNullable(request.number()));
        return forwardStatus(forwards);
    }

    static BridgeMessage.ForwardStatus forwardStatus(Forwards forwards) {
        List<BridgeMessage.ForwardInfo> list = new ArrayList<>();
        for (ForwardType type : ForwardType.values()) {
            Optional<String> target = forwards.target(kind(type));
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

    static BridgeMessage.PhoneBookResult phoneBook(PhoneBookDirectory book, PhoneMessage.PhoneBook request) {
        PhoneBookEntry u = request.user();
        Contact contact = new Contact(u.id(), u.lastName(), u.firstName(), u.number());
        return switch (request.action()) {
            case SEARCH -> {
                PhoneBookDirectory.Page page = book.search(contact, PHONE_BOOK_PAGE);
                yield new BridgeMessage.PhoneBookResult(page.total(), 200,
                        page.contacts().stream().map(FeatureRequests::entry).toList());
            }
            case STORE -> book.store(contact)
                    ? new BridgeMessage.PhoneBookResult(1, 200, List.of(u))
                    : new BridgeMessage.PhoneBookResult(0, 507, List.of());
            case DELETE -> {
                int deleted = book.delete(u.id());
                yield new BridgeMessage.PhoneBookResult(deleted, deleted > 0 ? 200 : 404, List.of());
            }
        };
    }

    private static PhoneBookEntry entry(Contact c) {
        return new PhoneBookEntry(c.id(), c.lastName(), c.firstName(), c.number());
    }

    static BridgeMessage.CallHistoryResult history(CallHistoryLog log, PhoneMessage.CallHistory request) {
        if (request.request() instanceof PhoneMessage.HistoryDeleteEntry d) {
            log.delete(d.index());
        } else if (request.request() instanceof PhoneMessage.HistoryDeleteAll all) {
            log.clear(kind(all.historyType()));
        }
        int max = request.request() instanceof PhoneMessage.HistoryQuery q ? q.max()
                : PhoneMessage.HistoryQuery.DEFAULT_MAX;
        HistoryType type = request.request() instanceof PhoneMessage.HistoryQuery q ? q.historyType() : HistoryType.ALL;
        List<CallHistoryLog.Entry> entries = log.query(kind(type), max);
        List<BridgeMessage.HistoryEntry> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            CallHistoryLog.Entry e = entries.get(i);
            out.add(new BridgeMessage.HistoryEntry(i + 1, type(e.kind()), e.number(), e.name(), e.time(),
                    e.durationSeconds()));
        }
        return new BridgeMessage.CallHistoryResult(out);
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
