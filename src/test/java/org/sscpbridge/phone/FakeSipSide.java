package org.sscpbridge.phone;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.Caller;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.LineRegistrar;
import org.sscpbridge.call.MailboxStatus;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.MessageWaiting;
import org.sscpbridge.call.OutgoingOptions;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.call.RegistrationStatus;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.SipCalls;
import org.sscpbridge.call.TransferListener;

/**
 * The SIP side at the bridge's own port seam ({@link SipCalls}, {@link LineRegistrar},
 * {@link MessageWaiting}), in memory and single-threaded: it records what the phone side asks for
 * and lets a test play the far end and the registrar. It keeps the ports' contract: no event for
 * a call after it ended (on either side), none for a registration after unregister.
 */
final class FakeSipSide implements SipCalls, LineRegistrar, MessageWaiting {
    final List<Call> calls = new ArrayList<>();
    final List<Registration> registrations = new ArrayList<>();
    final List<Subscription> subscriptions = new ArrayList<>();
    private IncomingCallHandler incoming;
    private UnsolicitedHandler unsolicited;
    private int nextId;

    /** One INVITE dialog, outgoing or incoming. */
    final class Call implements IncomingCall {
        final String id = "fake-" + nextId++;
        final boolean outgoing;
        final String line;
        final String target;
        final Caller caller;
        CallListener listener;
        boolean ended;
        boolean answered;
        final List<String> actions = new ArrayList<>();

        Call(boolean outgoing, String line, String target, Caller caller, CallListener listener) {
            this.outgoing = outgoing;
            this.line = line;
            this.target = target;
            this.caller = caller;
            this.listener = listener;
        }

        /** Whether the far end may still send events for it. */
        boolean live() {
            return !ended && listener != null;
        }

        @Override public String sipCallId() { return id; }

        @Override
        public void hangUp() {
            actions.add("hangUp");
            ended = true;
        }

        @Override public void sendDtmf(char digit) { actions.add("dtmf " + digit); }

        @Override public void reoffer(MediaSession.MediaMode mode) { actions.add("reoffer " + mode); }

        @Override
        public void refer(String target, Optional<SipCall> replacing, TransferListener l) {
            actions.add("refer " + target);
            transfers.add(l);
        }

        final List<TransferListener> transfers = new ArrayList<>();

        @Override public Caller caller() { return caller; }

        @Override public Optional<SipCall> replaces() { return Optional.empty(); }

        @Override public void ringing() { actions.add("ringing"); }

        @Override
        public void answer(MediaEndpoint phone) {
            actions.add("answer");
            answered = true;
        }

        @Override
        public void reject(int status) {
            actions.add("reject " + status);
            ended = true;
        }

        @Override
        public void redirect(String number) {
            actions.add("redirect " + number);
            ended = true;
        }

        @Override public void listen(CallListener l) { listener = l; }

        @Override
        public String toString() {
            return id + (outgoing ? " to " + target : " from " + caller) + " on " + line + " " + actions
                    + (ended ? " ended" : " live");
        }
    }

    /** One line kept registered. */
    final class Registration implements LineRegistration {
        final LineAccount account;
        final Consumer<RegistrationStatus> listener;
        boolean unregistered;
        RegistrationStatus status = RegistrationStatus.of(RegistrationState.REGISTERING, "");

        Registration(LineAccount account, Consumer<RegistrationStatus> listener) {
            this.account = account;
            this.listener = listener;
        }

        @Override public RegistrationStatus status() { return status; }

        @Override public void unregister() { unregistered = true; }

        @Override public boolean awaitUnregistered(long millis) { return unregistered; }

        void tell(RegistrationStatus next) {
            if (!unregistered) {
                status = next;
                listener.accept(next);
            }
        }

        @Override
        public String toString() {
            return "registration of " + account + (unregistered ? " removed" : " kept");
        }
    }

    /** One line's mailbox subscription. */
    final class Subscription implements MessageWaiting.Subscription {
        final LineAccount line;
        final Consumer<MailboxStatus> listener;
        boolean cancelled;

        Subscription(LineAccount line, Consumer<MailboxStatus> listener) {
            this.line = line;
            this.listener = listener;
        }

        @Override public void cancel() { cancelled = true; }

        void tell(MailboxStatus status) {
            if (!cancelled) {
                listener.accept(status);
            }
        }

        @Override
        public String toString() {
            return "subscription of " + line + (cancelled ? " cancelled" : " kept");
        }
    }

    @Override
    public SipCall call(LineAccount line, String target, MediaEndpoint phone, CallListener listener,
            OutgoingOptions options) {
        Call c = new Call(true, line.number(), target, null, listener);
        calls.add(c);
        return c;
    }

    @Override
    public void onIncoming(IncomingCallHandler handler) {
        this.incoming = handler;
    }

    /** An INVITE for {@code line}; false when nobody takes INVITEs. */
    boolean invite(String line, Caller caller) {
        if (incoming == null) {
            return false;
        }
        Call c = new Call(false, line, null, caller, null);
        calls.add(c);
        incoming.onIncoming(line, c);
        return true;
    }

    @Override
    public LineRegistration register(LineAccount account, Consumer<RegistrationStatus> listener) {
        Registration r = new Registration(account, listener);
        registrations.add(r);
        return r;
    }

    @Override
    public MessageWaiting.Subscription subscribe(LineAccount line, Consumer<MailboxStatus> listener) {
        Subscription s = new Subscription(line, listener);
        subscriptions.add(s);
        return s;
    }

    @Override
    public void onUnsolicited(UnsolicitedHandler handler) {
        this.unsolicited = handler;
    }

    /** An unsolicited message-summary NOTIFY for {@code line}. */
    void notifyUnsolicited(String line, MailboxStatus status) {
        if (unsolicited != null) {
            unsolicited.onNotify(line, status);
        }
    }

    List<Call> liveCalls() {
        return calls.stream().filter(c -> !c.ended).toList();
    }
}
