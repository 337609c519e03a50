package org.sscpbridge.tools.phone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.sscpbridge.tools.WireFields;

/**
 * Every message the phone received, in order, each consumed at most once by an expectation: an
 * {@code expect} takes the first not-yet-consumed message that matches, whether it arrived before
 * the expect started or while it waits.
 *
 * <p>Thread-safety: thread-safe; the phone adds on its executor, a script waits on its own thread.
 */
public final class ReceivedJournal {
    private final List<ReceivedMessage> messages = new ArrayList<>();
    private final List<Boolean> consumed = new ArrayList<>();

    /** Result of a wait: the match, or null, and what arrived during the wait. */
    public record Outcome(ReceivedMessage match, List<ReceivedMessage> arrivedMeanwhile, List<ReceivedMessage> unconsumedSameName) {
        public boolean matched() {
            return match != null;
        }
    }

    public synchronized int size() {
        return messages.size();
    }

    public synchronized void add(String name, List<WireFields.Field> fields, String text, Instant at) {
        messages.add(new ReceivedMessage(messages.size() + 1, at, name, fields, text));
        consumed.add(false);
        notifyAll();
    }

    /** Makes waiting expectations re-check their abandon condition now. */
    public synchronized void wakeUp() {
        notifyAll();
    }

    public synchronized List<ReceivedMessage> all() {
        return List.copyOf(messages);
    }

    /**
     * Waits up to {@code within} for a not-yet-consumed message called {@code name} that
     * satisfies {@code condition}; consumes it.
     */
    public Outcome await(String name, Predicate<ReceivedMessage> condition, Duration within) throws InterruptedException {
        return await(name, condition, within, () -> false);
    }

    /**
     * Like {@link #await(String, Predicate, Duration)}, but gives up early once {@code abandon}
     * is true (checked after each scan; {@link #wakeUp()} makes waiters check it at once).
     */
    public synchronized Outcome await(String name, Predicate<ReceivedMessage> condition, Duration within,
            java.util.function.BooleanSupplier abandon) throws InterruptedException {
        int startSize = messages.size();
        long deadline = System.nanoTime() + within.toNanos();
        int scanned = 0;
        while (true) {
            for (int i = scanned; i < messages.size(); i++) {
                ReceivedMessage m = messages.get(i);
                if (!consumed.get(i) && m.name().equals(name) && condition.test(m)) {
                    consumed.set(i, true);
                    return new Outcome(m, List.copyOf(messages.subList(startSize, messages.size())), List.of());
                }
            }
            scanned = messages.size();
            long left = deadline - System.nanoTime();
            if (left <= 0 || abandon.getAsBoolean()) {
                List<ReceivedMessage> sameName = new ArrayList<>();
                for (int i = 0; i < startSize; i++) {
                    if (!consumed.get(i) && messages.get(i).name().equals(name)) {
                        sameName.add(messages.get(i));
                    }
                }
                return new Outcome(null, List.copyOf(messages.subList(startSize, messages.size())), sameName);
            }
            wait(Math.max(1, left / 1_000_000), 0);
        }
    }
}
