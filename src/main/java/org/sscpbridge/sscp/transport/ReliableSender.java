package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.SscpMessage;
import org.sscpbridge.time.Scheduler;

/**
 * The sender's half of SPEC §3: numbers requests per peer, sends the identical bytes again on the
 * {@link RetransmitSchedule}, recognises answers, and gives up.
 *
 * <p>Numbering: each peer has its own counter, 1..2^32-1, wrapping to 1, skipping seqs still in
 * flight. A peer's counter does not start at 1 but at {@code firstSeq} (random by default): the
 * peer remembers the answers to the last 64 seqs it saw from us, so a counter restarting at 1
 * after our peer state expired, or after a restart of the process, would have fresh requests
 * answered from that memory and never acted on.
 *
 * <p>Thread-safety: thread-safe. One lock guards all peers, held only for map and counter work:
 * encoding, arming the first timer, the wire and the listener are done without it. (In a
 * registration storm's profile this lock was the most contended of the SSCP side while
 * {@link #send} encoded the XML and scheduled the timer inside it.)
 */
final class ReliableSender {
    private static final Logger LOG = LoggerFactory.getLogger(ReliableSender.class);

    /** How many finished seqs per peer are remembered, to recognise a duplicate answer. */
    static final int FINISHED_WINDOW = 64;

    /** Encoding and sending, provided by the owner. */
    interface Wire {
        byte[] encode(InetSocketAddress peer, Frame frame);

        void transmit(InetSocketAddress peer, byte[] bytes);
    }

    /** What an inbound frame with a seq is to the requests this side sent. */
    enum Match {
        /** The answer to a request in flight, which is now finished. */
        ANSWER,
        /** An answer to a request already answered or given up. */
        LATE_ANSWER,
        /** Not an answer to anything this side sent. */
        NONE
    }

    /** The verdict on an inbound frame, with the request it answers (ANSWER only). */
    record AnswerMatch(Match match, Frame request) {
        static final AnswerMatch NONE = new AnswerMatch(Match.NONE, null);
        static final AnswerMatch LATE = new AnswerMatch(Match.LATE_ANSWER, null);
    }

    private final Object lock = new Object();
    private final Scheduler scheduler;
    private final RetransmitSchedule schedule;
    private final LongSupplier firstSeq;
    private final Wire wire;
    private final GiveUpListener giveUpListener;
    private final TransportCounters counters;
    private final ExpiringLruMap<InetSocketAddress, Peer> peers;
    private boolean closed;

    ReliableSender(
            Scheduler scheduler,
            RetransmitSchedule schedule,
            int maxPeers,
            Duration peerIdleTimeout,
            LongSupplier firstSeq,
            Wire wire,
            GiveUpListener giveUpListener,
            TransportCounters counters) {
        this.scheduler = scheduler;
        this.schedule = schedule;
        this.firstSeq = firstSeq;
        this.wire = wire;
        this.giveUpListener = giveUpListener;
        this.counters = counters;
        // A peer with requests in flight is pinned: forgetting it would lose their timers.
        this.peers = new ExpiringLruMap<>(maxPeers, peerIdleTimeout, peer -> peer.inFlight.isEmpty());
    }

    /** Numbers {@code message} for {@code peer}, sends it and keeps it in flight until answered. */
    Frame send(InetSocketAddress peer, SscpMessage message) {
        InFlight request;
        Instant now;
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("endpoint closed");
            }
            now = scheduler.now();
            Peer state = peers.getOrCreate(peer, now, () -> new Peer(checkedFirstSeq()));
            // In flight from here: the seq is taken, and the peer pinned. No answer can come before
            // the transmission below, so the bytes and the timer may follow outside the lock.
            request = new InFlight(peer, state, new Frame(message, state.takeSeq()), now, schedule);
            state.inFlight.put(request.frame.seq(), request);
        }
        Scheduler.Cancellable timer;
        try {
            request.bytes = wire.encode(peer, request.frame);
            timer = scheduler.schedule(delayToNext(request, now), () -> onTimer(request));
        } catch (RuntimeException e) {
            // Cannot encode, or the scheduler refuses: the request was never sent, so it is not in flight.
            synchronized (lock) {
                request.finished = true;
                request.owner.inFlight.remove(request.frame.seq());
            }
            throw e;
        }
        synchronized (lock) {
            if (request.finished) {
                timer.cancel(); // closed meanwhile
                return request.frame;
            }
            if (request.timer == null) { // else a timer that already ran has armed the next one
                request.timer = timer;
            }
        }
        wire.transmit(peer, request.bytes);
        return request.frame;
    }

    /** Whether a frame of {@code type} with {@code seq} from {@code peer} answers one of our requests. */
    AnswerMatch match(InetSocketAddress peer, MessageType type, long seq) {
        synchronized (lock) {
            Peer state = peers.get(peer, scheduler.now());
            if (state == null) {
                return AnswerMatch.NONE;
            }
            InFlight request = state.inFlight.get(seq);
            if (request != null && type.answers(request.frame.type())) {
                finish(request);
                return new AnswerMatch(Match.ANSWER, request.frame);
            }
            MessageType finished = state.finished.get(seq);
            if (finished != null && type.answers(finished)) {
                return AnswerMatch.LATE;
            }
            return AnswerMatch.NONE;
        }
    }

    int inFlight() {
        synchronized (lock) {
            return peers.values().stream().mapToInt(p -> p.inFlight.size()).sum();
        }
    }

    /** Stops every timer; requests in flight are dropped without a give-up call. */
    void close() {
        synchronized (lock) {
            closed = true;
            for (Peer peer : peers.values()) {
                peer.inFlight.values().forEach(ReliableSender::stop);
                peer.inFlight.clear();
            }
            peers.clear();
        }
    }

    private long checkedFirstSeq() {
        long seq = firstSeq.getAsLong();
        if (seq < 1 || seq > Frame.MAX_SEQ) {
            throw new IllegalStateException("first seq out of range: " + seq);
        }
        return seq;
    }

    /** Under the lock: the next timer, for the next retransmission or for giving up. */
    private void arm(InFlight request, Instant now) {
        request.timer = scheduler.schedule(delayToNext(request, now), () -> onTimer(request));
    }

    private static Duration delayToNext(InFlight request, Instant now) {
        Instant due = request.retransmitsBeforeGiveUp() ? request.nextSendAt : request.giveUpAt;
        Duration delay = Duration.between(now, due);
        return delay.isNegative() ? Duration.ZERO : delay;
    }

    private void onTimer(InFlight request) {
        boolean giveUp;
        synchronized (lock) {
            if (request.finished || closed) {
                return;
            }
            Instant now = scheduler.now();
            peers.get(request.peer, now); // still talking to this peer: keep its numbering
            giveUp = !request.retransmitsBeforeGiveUp();
            if (giveUp) {
                finish(request);
            } else {
                request.advance(schedule);
                arm(request, now);
            }
        }
        if (giveUp) {
            counters.givenUp.incrementAndGet();
            LOG.info("no answer from {} to {} seq={} after {}; giving up", request.peer,
                    request.frame.type().wireName(), request.frame.seq(), schedule.giveUpAfter());
            notifyGiveUp(request);
        } else {
            counters.retransmitted.incrementAndGet();
            wire.transmit(request.peer, request.bytes);
        }
    }

    /** Under the lock. */
    private void finish(InFlight request) {
        stop(request);
        request.owner.inFlight.remove(request.frame.seq());
        request.owner.finished.put(request.frame.seq(), request.frame.type());
    }

    /** Under the lock: no more timers (the first may not be armed yet: {@link #send} cancels it then). */
    private static void stop(InFlight request) {
        request.finished = true;
        if (request.timer != null) {
            request.timer.cancel();
        }
    }

    private void notifyGiveUp(InFlight request) {
        try {
            giveUpListener.onGiveUp(request.peer, request.frame);
        } catch (RuntimeException e) {
            counters.handlerFailures.incrementAndGet();
            LOG.error("give-up listener failed for {} to {}", request.frame, request.peer, e);
        }
    }

    /** Numbering and requests in flight towards one peer. Guarded by the sender's lock. */
    private static final class Peer {
        final Map<Long, InFlight> inFlight = new HashMap<>();
        final RecentMap<Long, MessageType> finished = new RecentMap<>(FINISHED_WINDOW);
        private long nextSeq;

        Peer(long firstSeq) {
            this.nextSeq = firstSeq;
        }

        long takeSeq() {
            long seq;
            do {
                seq = nextSeq;
                nextSeq = seq == Frame.MAX_SEQ ? 1 : seq + 1;
            } while (inFlight.containsKey(seq));
            return seq;
        }
    }

    /** One request waiting for its answer. Guarded by the sender's lock. */
    private static final class InFlight {
        final InetSocketAddress peer;
        final Peer owner;
        final Frame frame;
        /** Set by {@link #send} before the first timer is scheduled (which publishes it to the timer). */
        byte[] bytes;
        final Instant giveUpAt;
        Duration interval;
        Instant nextSendAt;
        Scheduler.Cancellable timer;
        boolean finished;

        InFlight(InetSocketAddress peer, Peer owner, Frame frame, Instant firstSentAt, RetransmitSchedule schedule) {
            this.peer = peer;
            this.owner = owner;
            this.frame = frame;
            this.giveUpAt = firstSentAt.plus(schedule.giveUpAfter());
            this.interval = schedule.firstInterval();
            this.nextSendAt = firstSentAt.plus(interval);
        }

        /** Whether the next send still comes before the give-up time. */
        boolean retransmitsBeforeGiveUp() {
            return nextSendAt.isBefore(giveUpAt);
        }

        /** After a retransmission: times stay on the schedule, however late the timer ran. */
        void advance(RetransmitSchedule schedule) {
            interval = schedule.intervalAfter(interval);
            nextSendAt = nextSendAt.plus(interval);
        }
    }
}
