package org.sscpbridge.call;

import java.util.function.Consumer;

/**
 * The port through which the phone side learns whether voice mail waits for its lines (message
 * waiting indication, RFC 3842 over RFC 6665), without knowing SIP. Implemented by the SIP adapter.
 */
public interface MessageWaiting {

    /** Subscribes nowhere and never tells anything: MWI off, or no SIP side yet. */
    MessageWaiting NONE = new MessageWaiting() {
        @Override
        public Subscription subscribe(LineAccount line, Consumer<MailboxStatus> listener) {
            return () -> { };
        }

        @Override
        public void onUnsolicited(UnsolicitedHandler handler) {
        }
    };

    /**
     * Keeps {@code line}'s mailbox subscribed (refreshing, re-subscribing with backoff) until
     * {@link Subscription#cancel()}. {@code listener} hears every state the notifier reports, in
     * order, on a SIP thread: hand it over, do not block, do not call back into the subscription.
     */
    Subscription subscribe(LineAccount line, Consumer<MailboxStatus> listener);

    /** Who takes message-summary NOTIFYs outside any subscription of ours; null: none (404). */
    void onUnsolicited(UnsolicitedHandler handler);

    /** One line's subscription. */
    interface Subscription {
        /** Ends the subscription (SUBSCRIBE with Expires: 0 when one may exist); returns at once. */
        void cancel();
    }

    /** Takes unsolicited NOTIFYs. */
    interface UnsolicitedHandler {
        /**
         * The mailbox of {@code lineNumber} (the Request-URI's user) changed. Returns false when no
         * registered phone has that line (the NOTIFY is then refused). On a SIP thread: do not block.
         */
        boolean onNotify(String lineNumber, MailboxStatus status);
    }
}
