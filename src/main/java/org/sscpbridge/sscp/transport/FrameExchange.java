package org.sscpbridge.sscp.transport;

import org.sscpbridge.sscp.codec.FrameCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.sscpbridge.sscp.codec.DisplayEncoding;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.SscpMessage;
import org.sscpbridge.log.RateLimitedLog;
import org.sscpbridge.time.Scheduler;

/**
 * SSCP over datagrams for one local side (SPEC §1, §3): admits, decodes and sorts each inbound
 * datagram (request, answer, duplicate, malformed) and sends frames, answers and Errors. The
 * socket is behind {@link DatagramSender} / {@link DatagramReceiver}, so tests drive this class
 * datagram by datagram with a manual clock.
 *
 * <p>Inbound datagram, in order: rate limit per source and per IP; decode; a frame without seq is
 * delivered; a frame with seq that answers one of our requests in flight finishes it (a plain
 * Ack is consumed, any other answer delivered); an answer to nothing in flight is dropped; any
 * other frame with seq is a request: delivered once, duplicates answered from memory or dropped.
 *
 * <p>Thread-safety: thread-safe. Inbound calls come from the receive thread; sends from any
 * thread; retransmissions from the scheduler's thread. State lives in the collaborators, each
 * with its own lock; no lock is held while the application or the socket is called.
 */
final class FrameExchange implements DatagramReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(FrameExchange.class);
    static final int NOT_REGISTERED = 401;
    static final String NOT_REGISTERED_TEXT = "Not registered";
    /** Longest decoder reason echoed in an Error's text. */
    private static final int MAX_REASON = 200;

    private final Direction localSide;
    private final FrameCodec codec;
    private final Scheduler scheduler;
    private final SenderPolicy senderPolicy;
    private final FrameHandler handler;
    private final DatagramSender socket;
    private final TransportCounters counters = new TransportCounters();
    private final SourceRateLimiter rateLimiter;
    private final RejectThrottle rejectThrottle;
    private final ReliableSender reliable;
    private final RequestDeduplicator deduplicator;
    private final RateLimitedLog log;
    private final PeerEncodings encodings;
    private volatile boolean closed;
    /** Answers and refusals of delivered frames come back through here. */
    private final Inbound.Replier replier = new Inbound.Replier() {
        @Override
        public void reply(Inbound inbound, SscpMessage answer) {
            FrameExchange.this.reply(inbound, answer);
        }

        @Override
        public void refuse(Inbound inbound) {
            FrameExchange.this.refuse(inbound);
        }
    };

    FrameExchange(
            Direction localSide,
            FrameCodec codec,
            Scheduler scheduler,
            EndpointConfig config,
            SenderPolicy senderPolicy,
            FrameHandler handler,
            GiveUpListener giveUpListener,
            LongSupplier firstSeq,
            DatagramSender socket) {
        this.localSide = Objects.requireNonNull(localSide, "localSide");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.senderPolicy = Objects.requireNonNull(senderPolicy, "senderPolicy");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.socket = Objects.requireNonNull(socket, "socket");
        this.rateLimiter = new SourceRateLimiter(config.perSourceLimit(), config.perIpLimit(), config.maxPeers());
        this.rejectThrottle = new RejectThrottle(config.rejectInterval(), config.rejectGlobalLimit(), config.maxPeers(), scheduler.now());
        this.reliable = new ReliableSender(scheduler, config.retransmit(), config.maxPeers(), config.peerIdleTimeout(),
                firstSeq, new ReliableSender.Wire() {
                    @Override
                    public byte[] encode(InetSocketAddress peer, Frame frame) {
                        return FrameExchange.this.encode(peer, frame);
                    }

                    @Override
                    public void transmit(InetSocketAddress peer, byte[] bytes) {
                        FrameExchange.this.transmit(peer, bytes);
                    }
                }, Objects.requireNonNull(giveUpListener, "giveUpListener"), counters);
        this.deduplicator = new RequestDeduplicator(config.maxPeers(), config.peerIdleTimeout());
        this.log = new RateLimitedLog(LOG, config.logInterval(), scheduler::now);
        this.encodings = new PeerEncodings(config.maxPeers());
    }

    Direction localSide() {
        return localSide;
    }

    // ---------------------------------------------------------------- inbound (receive thread)

    @Override
    public void onDatagram(Datagram datagram) {
        counters.received.incrementAndGet();
        try {
            accept(datagram);
        } catch (RuntimeException | Error e) {
            // Whatever went wrong with this datagram, the next one must still be read.
            counters.internalErrors.incrementAndGet();
            log.error("internal", "failed on {}", datagram, e);
        }
    }

    @Override
    public void onOversize(InetSocketAddress source, int bytesRead) {
        counters.received.incrementAndGet();
        drop(DropReason.TOO_LARGE, source, "over " + SscpCodec.MAX_DATAGRAM + " bytes");
    }

    @Override
    public void onReceiveError(IOException error) {
        counters.receiveFailures.incrementAndGet();
        log.warn("receive", "receiving failed: {}", error.toString());
    }

    private void accept(Datagram datagram) {
        InetSocketAddress source = datagram.source();
        if (!rateLimiter.tryAcquire(source, scheduler.now())) {
            drop(DropReason.RATE_LIMITED, source, "over the rate limit");
            return;
        }
        Frame frame;
        try {
            frame = decode(datagram);
        } catch (SscpDecodeException e) {
            onMalformed(source, e);
            return;
        }
        if (LOG.isTraceEnabled()) {
            LOG.trace("received {} seq={} from {}", frame.type().wireName(), frame.seq(), source);
        }
        if (!frame.hasSeq()) {
            deliver(Inbound.of(frame, source, replier));
            return;
        }
        ReliableSender.AnswerMatch match = reliable.match(source, frame.type(), frame.seq());
        switch (match.match()) {
            case ANSWER -> onAnswer(frame, source, match.request());
            case LATE_ANSWER -> drop(DropReason.STALE_ANSWER, source, frame.type().wireName() + " seq=" + frame.seq());
            case NONE -> {
                if (frame.type().isAnswerOnly()) {
                    drop(DropReason.STALE_ANSWER, source, frame.type().wireName() + " seq=" + frame.seq());
                } else {
                    onRequest(frame, source);
                }
            }
        }
    }

    private Frame decode(Datagram datagram) throws SscpDecodeException {
        Direction sender = localSide.opposite();
        Frame frame;
        try {
            frame = codec.decode(sender, datagram.array(), 0, datagram.length(),
                    encodings.of(datagram.source()).charset());
        } catch (RuntimeException e) {
            // A codec bug, not the sender's fault; still this datagram only.
            log.error("codec", "decoder failed on {}", datagram, e);
            throw new SscpDecodeException(500, "internal decoder error");
        }
        if (frame.type().sender() != sender) {
            throw new SscpDecodeException(400, "not a message a " + sender + " sends", null, Frame.NO_SEQ);
        }
        return frame;
    }

    private void onAnswer(Frame answer, InetSocketAddress source, Frame request) {
        if (answer.type() == MessageType.PHONE_ACK || answer.type() == MessageType.BRIDGE_ACK) {
            counters.answersConsumed.incrementAndGet();
        } else {
            deliver(Inbound.answer(answer, source, request));
        }
    }

    private void onRequest(Frame frame, InetSocketAddress source) {
        RequestDeduplicator.Check check = deduplicator.check(source, frame.seq(), scheduler.now());
        switch (check.verdict()) {
            case NEW -> deliver(Inbound.of(frame, source, replier));
            case ANSWERED -> {
                drop(DropReason.DUPLICATE_ANSWERED, source, frame.type().wireName() + " seq=" + frame.seq());
                transmit(source, check.answer());
            }
            case UNANSWERED -> drop(DropReason.DUPLICATE_UNANSWERED, source, frame.type().wireName() + " seq=" + frame.seq());
        }
    }

    private void onMalformed(InetSocketAddress source, SscpDecodeException e) {
        counters.malformed.incrementAndGet();
        log.warn("malformed", "malformed datagram from {}: {}", source, e.getMessage());
        if (localSide != Direction.BRIDGE) {
            return; // Error is a bridge message (SPEC §2); a phone only counts and logs.
        }
        long seq = seqToEcho(e);
        if (isKnown(source)) {
            sendError(source, seq, e.errorCode(), truncate(e.reason()));
        } else if (rejectThrottle.tryAcquire(source, scheduler.now())) {
            sendError(source, seq, NOT_REGISTERED, NOT_REGISTERED_TEXT);
        }
    }

    /**
     * The seq an Error for a malformed datagram echoes: only that of a request. An Error carrying
     * the seq of a malformed answer would look, to the peer, like the answer to its own request
     * with that number (the two sides number independently).
     */
    private static long seqToEcho(SscpDecodeException e) {
        MessageType type = e.messageType();
        boolean request = type != null && !type.isAnswerOnly();
        return request && e.seq() > 0 && e.seq() <= Frame.MAX_SEQ ? e.seq() : Frame.NO_SEQ;
    }

    private boolean isKnown(InetSocketAddress source) {
        try {
            return senderPolicy.isKnown(source);
        } catch (RuntimeException e) {
            counters.handlerFailures.incrementAndGet();
            log.error("policy", "sender policy failed for {}; treating it as unregistered", source, e);
            return false;
        }
    }

    private void deliver(Inbound inbound) {
        counters.delivered.incrementAndGet();
        try {
            handler.onFrame(inbound);
        } catch (RuntimeException | Error e) {
            // The application's bug must not cost the other phones their receive loop.
            counters.handlerFailures.incrementAndGet();
            log.error("handler", "handler failed on {}", inbound, e);
        }
    }

    private void drop(DropReason reason, InetSocketAddress source, String detail) {
        counters.dropped(reason);
        // Duplicates and late answers are normal UDP life; floods and oversize are worth a warning.
        Level level = switch (reason) {
            case TOO_LARGE, RATE_LIMITED, QUEUE_FULL -> Level.WARN;
            case DUPLICATE_ANSWERED, DUPLICATE_UNANSWERED, STALE_ANSWER -> Level.DEBUG;
        };
        log.log(level, reason.label(), "dropped datagram from {}: {} ({})", source, reason.label(), detail);
    }

    // ---------------------------------------------------------------- outbound (any thread)

    Frame send(InetSocketAddress peer, SscpMessage message) {
        checkSendable(peer, message);
        Frame frame = Frame.of(message);
        transmit(peer, encode(peer, frame));
        return frame;
    }

    Frame sendReliably(InetSocketAddress peer, SscpMessage message) {
        checkSendable(peer, message);
        if (message.type().isAnswerOnly()) {
            throw new IllegalArgumentException(message.type().wireName() + " is an answer; nothing would answer it");
        }
        return reliable.send(peer, message);
    }

    /** The {@link Inbound.Replier} of every frame this exchange delivers. */
    /** The application could not take {@code inbound}: a drop, not a delivery; its retransmission is new again. */
    void refuse(Inbound inbound) {
        counters.delivered.decrementAndGet();
        if (inbound.frame().hasSeq()) {
            deduplicator.forget(inbound.source(), inbound.seq(), scheduler.now());
        }
        drop(DropReason.QUEUE_FULL, inbound.source(), inbound.type().wireName() + " seq=" + inbound.seq()
                + ": the phone's event queue is full");
    }

    void reply(Inbound inbound, SscpMessage answer) {
        checkSendable(inbound.source(), answer);
        if (inbound.frame().hasSeq() && !answer.type().answers(inbound.type())) {
            throw new IllegalArgumentException(answer.type().wireName() + " does not answer " + inbound.type().wireName());
        }
        Frame frame = new Frame(answer, inbound.seq());
        byte[] bytes = encode(inbound.source(), frame);
        if (frame.hasSeq()) {
            deduplicator.recordAnswer(inbound.source(), frame.seq(), bytes, scheduler.now());
        }
        transmit(inbound.source(), bytes);
    }

    /**
     * Tells an unregistered sender Error 401, rate-limited per source and globally (SPEC §4). Not
     * remembered as the answer: the request stays unanswered and its retransmissions are dropped.
     *
     * @return whether the Error was sent
     */
    boolean rejectUnregistered(Inbound inbound) {
        if (localSide != Direction.BRIDGE) {
            throw new IllegalStateException("only the bridge sends Error");
        }
        checkOpen();
        if (!rejectThrottle.tryAcquire(inbound.source(), scheduler.now())) {
            return false;
        }
        sendError(inbound.source(), inbound.isAnswer() ? Frame.NO_SEQ : inbound.seq(), NOT_REGISTERED, NOT_REGISTERED_TEXT);
        return true;
    }

    TransportStats stats() {
        return counters.snapshot();
    }

    int inFlight() {
        return reliable.inFlight();
    }

    int trackedInboundPeers() {
        return deduplicator.trackedPeers();
    }

    /** Stops retransmissions; later sends fail. Idempotent. */
    void close() {
        closed = true;
        reliable.close();
    }

    private void sendError(InetSocketAddress peer, long seq, int code, String text) {
        transmit(peer, encode(peer, new Frame(new BridgeMessage.Error(code, text), seq)));
        counters.errorsSent.incrementAndGet();
    }

    /** {@code peer}'s display encoding from now on (docs/PROTOCOL.md §6.9); the default forgets it. */
    void encodeFor(InetSocketAddress peer, DisplayEncoding encoding) {
        encodings.set(Objects.requireNonNull(peer, "peer"), Objects.requireNonNull(encoding, "encoding"));
    }

    void forgetEncoding(InetSocketAddress peer) {
        encodings.forget(peer);
    }

    DisplayEncoding encodingOf(InetSocketAddress peer) {
        return encodings.of(peer);
    }

    int peersWithEncoding() {
        return encodings.size();
    }

    /** {@code frame} as {@code peer} reads it: in its display encoding (UTF-8 unless set). */
    private byte[] encode(InetSocketAddress peer, Frame frame) {
        byte[] bytes = codec.encode(frame, encodings.of(peer));
        if (bytes.length > SscpCodec.MAX_DATAGRAM) {
            throw new IllegalArgumentException(frame.type().wireName() + " encodes to " + bytes.length
                    + " bytes, over the " + SscpCodec.MAX_DATAGRAM + " a receiver accepts");
        }
        return bytes;
    }

    /** Sends and counts; a failure is counted and logged, never thrown (UDP is lossy anyway). */
    private void transmit(InetSocketAddress peer, byte[] bytes) {
        try {
            socket.send(peer, bytes);
            counters.sent.incrementAndGet();
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException: unsupported address family for this socket.
            counters.sendFailures.incrementAndGet();
            log.warn("send", "sending {} bytes to {} failed: {}", bytes.length, peer, e.toString());
        }
    }

    private void checkSendable(InetSocketAddress peer, SscpMessage message) {
        checkOpen();
        Objects.requireNonNull(message, "message");
        if (Objects.requireNonNull(peer, "peer").isUnresolved()) {
            throw new IllegalArgumentException("unresolved peer address: " + peer);
        }
        if (message.type().sender() != localSide) {
            throw new IllegalArgumentException(message.type().wireName() + " is not sent by the " + localSide);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("endpoint closed");
        }
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    }

    @Override
    public String toString() {
        return "FrameExchange[" + localSide + (closed ? " closed" : "") + "]";
    }
}
