package org.sscpbridge.sscp.transport;

import org.sscpbridge.sscp.codec.FrameCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.sscpbridge.sscp.codec.DisplayEncoding;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.SscpMessage;
import org.sscpbridge.time.Scheduler;

/**
 * SSCP over one UDP socket, for either side: the bridge (local side {@link Direction#BRIDGE},
 * decoding what phones send) or a phone / the phone simulator (the reverse). It owns the socket
 * and its receive thread; the rules of SPEC §1 and §3 live in {@link FrameExchange}.
 *
 * <pre>{@code
 * SscpEndpoint bridge = SscpEndpoint.builder(Direction.BRIDGE, new SscpCodec(), scheduler, sessions::onFrame)
 *         .bindTo(new InetSocketAddress("0.0.0.0", 2000))
 *         .senderPolicy(registry::isBound)
 *         .onGiveUp(sessions::onNoAnswer)
 *         .open();
 * }</pre>
 *
 * <p>Thread-safety: thread-safe. Sending, replying and closing work from any thread; the
 * {@link FrameHandler} runs on the receive thread and the {@link GiveUpListener} on the
 * scheduler's thread.
 */
public final class SscpEndpoint implements AutoCloseable {
    /** Default bridge port (SPEC §1). */
    public static final int DEFAULT_BRIDGE_PORT = 2000;

    private final Direction localSide;
    private final DatagramPort socket;
    private final FrameExchange exchange;

    private SscpEndpoint(Direction localSide, DatagramPort socket, FrameExchange exchange) {
        this.localSide = localSide;
        this.socket = socket;
        this.exchange = exchange;
    }

    /**
     * Starts building an endpoint for {@code localSide}.
     *
     * @param handler receives every delivered frame, on the receive thread
     */
    public static Builder builder(Direction localSide, FrameCodec codec, Scheduler scheduler, FrameHandler handler) {
        return new Builder(localSide, codec, scheduler, handler);
    }

    /** The bound address; the actual port if port 0 was asked for. */
    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    public Direction localSide() {
        return localSide;
    }

    /** Sends {@code message} once, without seq (no answer expected, nothing repeated). */
    public Frame send(InetSocketAddress peer, SscpMessage message) {
        return exchange.send(peer, message);
    }

    /**
     * Sends {@code message} with the peer's next seq and repeats it until answered or given up
     * (SPEC §3); a plain Ack answer is consumed here, any other answer is delivered to the
     * handler with {@link Inbound#answeredRequest()} set, no answer ends in the
     * {@link GiveUpListener}.
     *
     * @return the frame as sent, with its seq
     * @throws IllegalArgumentException for a message of the other side, or an answer-only type
     */
    public Frame sendReliably(InetSocketAddress peer, SscpMessage message) {
        return exchange.sendReliably(peer, message);
    }

    /**
     * Writes every later datagram to {@code peer} with {@code encoding} (charset, display width;
     * docs/PROTOCOL.md §6.9), and reads its datagrams without an XML declaration in that charset.
     * Set when a phone registers; {@link DisplayEncoding#DEFAULT} or {@link #forgetEncoding}
     * when it goes. Bounded like the other per-peer state (the least recently used is forgotten
     * beyond {@link EndpointConfig#maxPeers()}).
     */
    public void encodeFor(InetSocketAddress peer, DisplayEncoding encoding) {
        exchange.encodeFor(peer, encoding);
    }

    /** {@code peer} is written in UTF-8 again. */
    public void forgetEncoding(InetSocketAddress peer) {
        exchange.forgetEncoding(peer);
    }

    /** How datagrams to {@code peer} are written now. */
    public DisplayEncoding encodingOf(InetSocketAddress peer) {
        return exchange.encodingOf(peer);
    }

    /** Same as {@link Inbound#reply}. */
    public void reply(Inbound inbound, SscpMessage answer) {
        inbound.reply(answer);
    }

    /** Same as {@link Inbound#ack}. */
    public void ack(Inbound inbound) {
        inbound.ack();
    }

    /**
     * Bridge only: tells the sender of a well-formed frame that it is not registered (Error 401,
     * echoing a request's seq), at most once per source per reject interval and within a global
     * cap (SPEC §4). The frame stays unanswered, so its retransmissions are dropped quietly.
     *
     * @return whether the Error was sent
     */
    public boolean rejectUnregistered(Inbound inbound) {
        return exchange.rejectUnregistered(inbound);
    }

    public TransportStats stats() {
        return exchange.stats();
    }

    /** Reliable requests waiting for their answer. */
    public int requestsInFlight() {
        return exchange.inFlight();
    }

    public boolean isOpen() {
        return socket.isOpen();
    }

    /**
     * Frees the port at once, stops the receive thread (after the frame it is handling) and every
     * retransmission; requests in flight are dropped without a give-up call. Idempotent; safe to
     * call from a handler.
     */
    @Override
    public void close() {
        socket.close();
        exchange.close();
    }

    @Override
    public String toString() {
        return "SscpEndpoint[" + localSide + " " + localAddress() + (isOpen() ? "" : " closed") + "]";
    }

    /**
     * Builds and opens an {@link SscpEndpoint}. Defaults: bridge binds 0.0.0.0:2000, phone
     * 0.0.0.0:0; {@link EndpointConfig#defaults()}; nobody registered; give-ups ignored; each
     * peer's first seq random.
     *
     * <p>Thread-safety: not thread-safe; build on one thread.
     */
    public static final class Builder {
        private final Direction localSide;
        private final FrameCodec codec;
        private final Scheduler scheduler;
        private final FrameHandler handler;
        private InetSocketAddress bindAddress;
        private EndpointConfig config = EndpointConfig.defaults();
        private SenderPolicy senderPolicy = SenderPolicy.nobodyKnown();
        private GiveUpListener giveUpListener = GiveUpListener.ignore();
        private LongSupplier firstSeq = () -> ThreadLocalRandom.current().nextLong(1, Frame.MAX_SEQ + 1);
        private String threadName;

        private Builder(Direction localSide, FrameCodec codec, Scheduler scheduler, FrameHandler handler) {
            this.localSide = Objects.requireNonNull(localSide, "localSide");
            this.codec = Objects.requireNonNull(codec, "codec");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            this.handler = Objects.requireNonNull(handler, "handler");
            this.bindAddress = new InetSocketAddress(localSide == Direction.BRIDGE ? DEFAULT_BRIDGE_PORT : 0);
        }

        /** Where to bind; port 0 picks a free port (see {@link SscpEndpoint#localAddress()}). */
        public Builder bindTo(InetSocketAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder config(EndpointConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Who is registered, for answering bad datagrams (bridge only). */
        public Builder senderPolicy(SenderPolicy policy) {
            this.senderPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder onGiveUp(GiveUpListener listener) {
            this.giveUpListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Where each new peer's seq numbering starts; values in 1..2^32-1. For tests. */
        public Builder firstSeq(LongSupplier firstSeq) {
            this.firstSeq = Objects.requireNonNull(firstSeq, "firstSeq");
            return this;
        }

        /** The receive thread's name; default {@code sscp-<side>-rx-<port>}. */
        public Builder threadName(String name) {
            this.threadName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Binds the socket and starts receiving. */
        public SscpEndpoint open() throws IOException {
            UdpSocket socket = UdpSocket.bind(bindAddress, SscpCodec.MAX_DATAGRAM);
            try {
                String name = threadName != null
                        ? threadName
                        : "sscp-" + localSide.name().toLowerCase(Locale.ROOT) + "-rx-" + socket.localAddress().getPort();
                return openOn(socket, exchange -> socket.start(name, exchange));
            } catch (RuntimeException e) {
                socket.close(); // do not keep the port of an endpoint nobody holds
                throw e;
            }
        }

        /**
         * The endpoint over {@code port}; {@code start} is handed what must receive the port's
         * datagrams. Production binds UDP ({@link #open()}); tests pass an in-memory wire.
         */
        SscpEndpoint openOn(DatagramPort port, Consumer<DatagramReceiver> start) {
            FrameExchange exchange = new FrameExchange(
                    localSide, codec, scheduler, config, senderPolicy, handler, giveUpListener, firstSeq, port);
            start.accept(exchange);
            return new SscpEndpoint(localSide, port, exchange);
        }
    }
}
