package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;

/**
 * The receiver's half of SPEC §3: per peer, the answers to the last {@value #WINDOW} requests (by
 * seq), so that a retransmitted request is answered again with the identical bytes and never acted
 * on twice; and the requests delivered but not answered yet, whose retransmissions are dropped
 * (the sender keeps trying until the application answers).
 *
 * <p>Bounds: both memories hold {@value #WINDOW} seqs per peer; a request still unanswered after
 * {@value #WINDOW} newer ones is forgotten (a late retransmission of it would be delivered
 * again). Peers are forgotten after the idle timeout, and the least recently active first when
 * more than {@code maxPeers} are tracked.
 *
 * <p>Thread-safety: thread-safe.
 */
final class RequestDeduplicator {
    static final int WINDOW = 64;

    enum Verdict {
        /** First sight of this seq: deliver it. */
        NEW,
        /** Answered before: send {@link Check#answer()} again. */
        ANSWERED,
        /** Delivered, not answered yet: drop. */
        UNANSWERED
    }

    record Check(Verdict verdict, byte[] answer) {
        static final Check NEW = new Check(Verdict.NEW, null);
        static final Check UNANSWERED = new Check(Verdict.UNANSWERED, null);
    }

    private static final class Memory {
        final RecentMap<Long, byte[]> answered = new RecentMap<>(WINDOW);
        final RecentMap<Long, Boolean> unanswered = new RecentMap<>(WINDOW);
    }

    private final ExpiringLruMap<InetSocketAddress, Memory> peers;

    RequestDeduplicator(int maxPeers, Duration peerIdleTimeout) {
        this.peers = new ExpiringLruMap<>(maxPeers, peerIdleTimeout);
    }

    /** Looks {@code seq} up; a NEW seq is from now on awaiting its answer. */
    synchronized Check check(InetSocketAddress peer, long seq, Instant now) {
        Memory memory = peers.getOrCreate(peer, now, Memory::new);
        byte[] answer = memory.answered.get(seq);
        if (answer != null) {
            return new Check(Verdict.ANSWERED, answer);
        }
        if (memory.unanswered.containsKey(seq)) {
            return Check.UNANSWERED;
        }
        memory.unanswered.put(seq, Boolean.TRUE);
        return Check.NEW;
    }

    /** Remembers the bytes that answered {@code seq}; the latest answer is the one repeated. */
    synchronized void recordAnswer(InetSocketAddress peer, long seq, byte[] answer, Instant now) {
        Memory memory = peers.getOrCreate(peer, now, Memory::new);
        memory.unanswered.remove(seq);
        memory.answered.remove(seq); // so that the window counts it as the newest
        memory.answered.put(seq, answer);
    }

    /** Forgets that {@code seq} was seen, so that its retransmission counts as new. */
    synchronized void forget(InetSocketAddress peer, long seq, Instant now) {
        peers.getOrCreate(peer, now, Memory::new).unanswered.remove(seq);
    }

    synchronized int trackedPeers() {
        return peers.size();
    }
}
