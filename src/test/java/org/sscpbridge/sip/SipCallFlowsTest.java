package org.sscpbridge.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sscpbridge.call.CallListener;
import org.sscpbridge.call.IncomingCall;
import org.sscpbridge.call.LineAccount;
import org.sscpbridge.call.MediaEndpoint;
import org.sscpbridge.call.MediaSession;
import org.sscpbridge.call.MediaSession.MediaMode;
import org.sscpbridge.call.OutgoingOptions;
import org.sscpbridge.call.SipCall;
import org.sscpbridge.call.TransferListener;
import org.sscpbridge.call.TransferRequest;
import org.sscpbridge.it.support.FreePorts;

/**
 * Call flows between real JAIN-SIP stacks on 127.0.0.1, each agent calling the others directly
 * (no proxy): hold and resume both ways, blind and attended transfer, Replaces, CANCEL racing the
 * answer.
 */
@Timeout(20)
class SipCallFlowsTest {
    private static final long WAIT = 5;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private Peer a;
    private Peer b;
    private Peer c;

    /** One bridge: a user agent, a call agent, and what reached it. */
    private final class Peer {
        final SipUserAgent ua;
        final SipCallAgent agent;
        final LineAccount line;
        final MediaEndpoint media;
        final BlockingQueue<IncomingCall> incoming = new LinkedBlockingQueue<>();

        Peer(String number, int rtpPort, java.util.concurrent.Executor pool) throws Exception {
            this(number, rtpPort, pool, org.sscpbridge.config.BridgeConfig.Bounds.defaults().dialogQueue());
        }

        Peer(String number, int rtpPort, java.util.concurrent.Executor pool, int dialogQueueMax) throws Exception {
            ua = SipUserAgent.start(new SipSettings("127.0.0.1", FreePorts.udp(), "sip:127.0.0.1:9", "", "127.0.0.1"));
            closing.add(ua);
            agent = new SipCallAgent(ua, pool, DialogThreads.TIMER, null, dialogQueueMax);
            agent.onIncoming((lineNumber, call) -> incoming.add(call));
            line = new LineAccount(number, null, "", "Line " + number);
            media = new MediaEndpoint("127.0.0.1", rtpPort, List.of("PCMU", "PCMA"));
        }

        Peer(String number, int rtpPort) throws Exception {
            this(number, rtpPort, DialogThreads.POOL);
        }

        String uri(String user) {
            return "sip:" + user + "@127.0.0.1:" + ua.localPort();
        }

        IncomingCall nextIncoming() throws InterruptedException {
            IncomingCall call = incoming.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(call, "no INVITE arrived");
            return call;
        }
    }

    /** A call's listener that records what it heard, in order. */
    static final class Events implements CallListener {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        final BlockingQueue<TransferRequest> transfers = new LinkedBlockingQueue<>();

        @Override
        public void onProgress(int status, Optional<MediaSession> earlyMedia) {
            seen.add("progress " + status);
        }

        @Override
        public void onAnswered(MediaSession media) {
            seen.add("answered " + media.mode());
        }

        @Override
        public void onFailed(int status, String reason) {
            seen.add("failed " + status);
        }

        @Override
        public void onEnded(String reason) {
            seen.add("ended");
        }

        @Override
        public void onMediaChanged(MediaSession media) {
            seen.add("media " + media.mode() + " " + media.codec());
        }

        @Override
        public void onReofferFailed(int status, String reason) {
            seen.add("reoffer failed " + status);
        }

        @Override
        public void onTransferRequested(TransferRequest request) {
            transfers.add(request);
            seen.add("transfer " + request.target());
        }

        /** The next event that does not start with "progress". */
        String next() throws InterruptedException {
            while (true) {
                String e = seen.poll(WAIT, TimeUnit.SECONDS);
                if (e == null || !e.startsWith("progress")) {
                    return e;
                }
            }
        }

        TransferRequest transfer() throws InterruptedException {
            TransferRequest r = transfers.poll(WAIT, TimeUnit.SECONDS);
            assertNotNull(r, "no transfer requested");
            return r;
        }
    }

    /** What a TransferListener heard. */
    static final class Transfer implements TransferListener {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @Override
        public void onAccepted() {
            seen.add("accepted");
        }

        @Override
        public void onSucceeded(String text) {
            seen.add("succeeded " + text);
        }

        @Override
        public void onFailed(int status, String text) {
            seen.add("failed " + status + " " + text);
        }

        String next() throws InterruptedException {
            return seen.poll(WAIT, TimeUnit.SECONDS);
        }
    }

    /** A connected call from {@code from} to {@code to}: both sides' calls and listeners. */
    record Connected(SipCall caller, Events callerEvents, IncomingCall callee, Events calleeEvents) {}

    private Connected connect(Peer from, Peer to, String user) throws InterruptedException {
        Events ce = new Events();
        SipCall call = from.agent.call(from.line, to.uri(user), from.media, ce);
        IncomingCall in = to.nextIncoming();
        Events ie = new Events();
        in.listen(ie);
        in.ringing();
        in.answer(to.media);
        assertEquals("answered SEND_RECV", ce.next());
        assertEquals("answered SEND_RECV", ie.next());
        return new Connected(call, ce, in, ie);
    }

    @BeforeEach
    void start() throws Exception {
        a = new Peer("1000", 40000);
        b = new Peer("2000", 40002);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void holdAndResumeOurSideAndTheFarEndsRefreshKeepsTheHold() throws Exception {
        Connected call = connect(a, b, "2000");

        call.caller().reoffer(MediaMode.SEND_ONLY);
        assertEquals("media RECV_ONLY PCMU", call.calleeEvents().next());
        assertEquals("media SEND_ONLY PCMU", call.callerEvents().next());

        // The far end refreshes the session (sendrecv offer): the hold stays, our answer is sendonly.
        call.callee().reoffer(MediaMode.SEND_RECV);
        assertEquals("media SEND_ONLY PCMU", call.callerEvents().next());
        assertEquals("media RECV_ONLY PCMU", call.calleeEvents().next());

        call.caller().reoffer(MediaMode.SEND_RECV);
        assertEquals("media SEND_RECV PCMU", call.calleeEvents().next());
        assertEquals("media SEND_RECV PCMU", call.callerEvents().next());

        call.caller().hangUp();
        assertEquals("ended", call.calleeEvents().next());
        awaitNoCalls(a, b);
    }

    @Test
    void reoffersQueueBehindThePendingOne() throws Exception {
        Connected call = connect(a, b, "2000");
        call.caller().reoffer(MediaMode.SEND_ONLY);
        call.caller().reoffer(MediaMode.SEND_RECV);
        assertEquals("media SEND_ONLY PCMU", call.callerEvents().next());
        assertEquals("media SEND_RECV PCMU", call.callerEvents().next());
        assertEquals("media RECV_ONLY PCMU", call.calleeEvents().next());
        assertEquals("media SEND_RECV PCMU", call.calleeEvents().next());
        call.callee().hangUp();
        assertEquals("ended", call.callerEvents().next());
    }

    @Test
    void blindTransferReportsAcceptedThenSucceeded() throws Exception {
        Connected call = connect(a, b, "2000");
        Transfer transfer = new Transfer();
        call.caller().refer("4000", Optional.empty(), transfer);

        assertEquals("transfer 4000", call.calleeEvents().next());
        TransferRequest request = call.calleeEvents().transfer();
        assertEquals(Optional.empty(), request.replaces());
        assertEquals("sip:1000@127.0.0.1", request.referredBy());
        assertEquals("accepted", transfer.next());

        request.report(180, "Ringing");
        request.report(200, "OK");
        request.report(486, "Busy Here"); // after the final one: ignored
        assertEquals("succeeded SIP/2.0 200 OK", transfer.next());
        // The transferor hangs up after the final NOTIFY.
        call.caller().hangUp();
        assertEquals("ended", call.calleeEvents().next());
        assertNull(transfer.seen.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void failedTransferReportsTheSipfragStatus() throws Exception {
        Connected call = connect(a, b, "2000");
        Transfer transfer = new Transfer();
        call.callee().refer("sip:4000@127.0.0.1", Optional.empty(), transfer);
        TransferRequest request = call.callerEvents().transfer();
        assertEquals("4000", request.target());
        assertEquals("sip:2000@127.0.0.1", request.referredBy());
        assertEquals("accepted", transfer.next());
        request.report(486, "Busy Here");
        assertEquals("failed 486 SIP/2.0 486 Busy Here", transfer.next());
        call.caller().hangUp();
        assertEquals("ended", call.calleeEvents().next());
    }

    @Test
    void referBeforeTheAnswerFailsAtOnce() throws Exception {
        Events ce = new Events();
        SipCall call = a.agent.call(a.line, b.uri("2000"), a.media, ce);
        IncomingCall in = b.nextIncoming();
        Transfer transfer = new Transfer();
        call.refer("4000", Optional.empty(), transfer);
        assertEquals("failed 481 call not established", transfer.next());
        in.reject(486);
        assertEquals("failed 486", ce.next());
    }

    @Test
    void attendedTransferCarriesReplacesToTheTarget() throws Exception {
        c = new Peer("3000", 40004);
        Connected first = connect(a, b, "2000");      // A's held call with B
        Connected consult = connect(a, c, "3000");    // A's consultation call with C
        first.caller().reoffer(MediaMode.SEND_ONLY);
        assertEquals("media SEND_ONLY PCMU", first.callerEvents().next());
        assertEquals("media RECV_ONLY PCMU", first.calleeEvents().next());

        Transfer transfer = new Transfer();
        first.caller().refer(c.uri("3000"), Optional.of(consult.caller()), transfer);
        assertEquals("transfer 3000", first.calleeEvents().next());
        TransferRequest request = first.calleeEvents().transfer();
        assertEquals("3000", request.target());
        assertTrue(request.replaces().isPresent());
        assertTrue(request.replaces().get().startsWith(consult.caller().sipCallId() + ";"), request.replaces().get());
        assertEquals("accepted", transfer.next());

        // B (the transferee) calls C with the Replaces: C's call takes over its call with A.
        Events b2 = new Events();
        b.agent.call(b.line, c.uri("3000"), b.media, b2, OutgoingOptions.of(request));
        IncomingCall replacing = c.nextIncoming();
        assertSame(consult.callee(), replacing.replaces().orElseThrow());
        Events c2 = new Events();
        replacing.listen(c2);
        replacing.answer(c.media);
        assertEquals("answered SEND_RECV", b2.next());
        request.report(200, "OK");
        assertEquals("succeeded SIP/2.0 200 OK", transfer.next());

        // The phone sides end the replaced and the transferred calls.
        consult.callee().hangUp();
        assertEquals("ended", consult.callerEvents().next());
        first.caller().hangUp();
        assertEquals("ended", first.calleeEvents().next());
    }

    @Test
    void inviteWithAnUnknownReplacesGets481() throws Exception {
        Events ce = new Events();
        a.agent.call(a.line, b.uri("2000"), a.media, ce,
                new OutgoingOptions(Optional.of("nobody@127.0.0.1;to-tag=1;from-tag=2"), Optional.empty(), Optional.empty()));
        assertEquals("failed 481", ce.next());
        assertNull(b.incoming.poll(200, TimeUnit.MILLISECONDS), "the phone side must not see it");
    }

    @Test
    void cancelThatCrossesTheAnswerWins() throws Exception {
        GatedPool gate = new GatedPool();
        Peer callee = new Peer("5000", 40006, gate);
        Events ce = new Events();
        SipCall call = a.agent.call(a.line, callee.uri("5000"), a.media, ce);
        IncomingCall in = callee.nextIncoming();
        Events ie = new Events();
        in.listen(ie);
        in.ringing();
        assertEquals("progress 180", ce.seen.poll(WAIT, TimeUnit.SECONDS));

        // The callee's dialog is busy: the CANCEL and then the phone's answer queue behind each other.
        gate.pause();
        call.hangUp();
        gate.awaitQueued(1);
        in.answer(callee.media);
        gate.release();

        assertEquals("failed 487", ie.next());
        assertNull(ie.seen.poll(500, TimeUnit.MILLISECONDS), "an answer after the CANCEL must do nothing");
        awaitNoCalls(a, callee);
        gate.close();
    }

    @Test
    void aReInviteToADialogWhoseQueueIsFullGets503AndTheNextOneIsTakenOnceItDrains() throws Exception {
        GatedPool gate = new GatedPool();
        Peer callee = new Peer("6000", 40008, gate, 4);
        Connected call = connect(a, callee, "6000");

        // The callee's dialog is busy (a task holds it), and its own DTMF sends queue up (always taken)
        // past sip.dialog.queue.max = 4.
        SipCallBase dialog = (SipCallBase) call.callee();
        java.util.concurrent.CountDownLatch busy = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        dialog.post(() -> {
            holding.countDown();
            try {
                busy.await(WAIT, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(holding.await(WAIT, TimeUnit.SECONDS));
        for (int i = 0; i < 5; i++) {
            call.callee().sendDtmf('1');
        }
        call.caller().reoffer(MediaMode.SEND_ONLY);
        assertEquals("reoffer failed 503", call.callerEvents().next(), "the far end is told to wait, not queued");
        assertNull(call.calleeEvents().seen.poll(300, TimeUnit.MILLISECONDS), "the callee's phone side saw nothing");

        busy.countDown();
        SerialExecutorView.awaitEmpty(dialog.events);
        call.caller().reoffer(MediaMode.SEND_ONLY);
        assertEquals("media RECV_ONLY PCMU", call.calleeEvents().next());
        assertEquals("media SEND_ONLY PCMU", call.callerEvents().next());
        call.caller().hangUp();
        assertEquals("ended", call.calleeEvents().next());
        awaitNoCalls(a, callee);
        gate.close();
    }

    /** Waits (bounded) until a dialog's queue has drained. */
    private static final class SerialExecutorView {
        static void awaitEmpty(org.sscpbridge.exec.SerialExecutor events) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
            while (events.queued() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(0, events.queued(), "dialog queue drained");
        }
    }

    private static void awaitNoCalls(Peer... peers) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        for (Peer p : peers) {
            while (p.agent.liveCalls() > 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(0, p.agent.liveCalls(), "calls left on " + p.line.number());
        }
    }

    /** A pool whose tasks can be held back, to line up events of one dialog deterministically. */
    static final class GatedPool implements java.util.concurrent.Executor, AutoCloseable {
        private final ExecutorService real = Executors.newFixedThreadPool(2);
        private final List<Runnable> held = new ArrayList<>();
        private boolean paused;

        synchronized void pause() {
            paused = true;
        }

        void awaitQueued(int n) throws InterruptedException {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
            synchronized (this) {
                while (held.size() < n && System.nanoTime() < until) {
                    wait(10);
                }
                assertEquals(n, held.size(), "tasks held");
            }
        }

        void release() {
            List<Runnable> run;
            synchronized (this) {
                paused = false;
                run = new ArrayList<>(held);
                held.clear();
            }
            run.forEach(real::execute);
        }

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                if (paused) {
                    held.add(task);
                    notifyAll();
                    return;
                }
            }
            real.execute(task);
        }

        @Override
        public void close() {
            real.shutdownNow();
        }
    }

}
