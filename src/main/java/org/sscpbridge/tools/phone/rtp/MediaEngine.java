package org.sscpbridge.tools.phone.rtp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated phone's media: one real UDP socket for RTP (its address goes into Register and
 * MediaInfo), a 20 ms PCMU sender per started call and a receive thread counting packets per call.
 * A packet is counted for the call whose remote address sent it; when no call's remote matches
 * (e.g. the far end sends from another port) it counts for the only call running, else as "other".
 *
 * <p>Thread-safety: thread-safe; calls come from the phone's executor, packets from the receive
 * and timer threads.
 */
public final class MediaEngine implements AutoCloseable {
    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final byte[] payload;
    private final ScheduledExecutorService timer;
    private final Thread receiver;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private final Counts other = new Counts();
    private final AtomicLong sendFailures = new AtomicLong();

    private MediaEngine(DatagramChannel channel, byte[] payload, String name) throws IOException {
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.payload = payload;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-rtp-tx"));
        this.receiver = daemon(this::receiveLoop, name + "-rtp-rx");
    }

    /** Opens the RTP socket on {@code bind} (port 0: any free port). */
    public static MediaEngine open(InetSocketAddress bind, boolean tone, String name) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.bind(bind);
            MediaEngine engine = new MediaEngine(channel, tone ? RtpPacket.pcmuTone1kHz() : RtpPacket.pcmuSilence(), name);
            engine.receiver.start();
            return engine;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Starts (or restarts, with a new remote) the stream of {@code callId}; sends only if {@code send}. */
    public void start(String callId, InetSocketAddress remote, boolean send) {
        stop(callId);
        counts.computeIfAbsent(callId, k -> new Counts());
        Stream stream = new Stream(callId, remote);
        if (send) {
            stream.future = timer.scheduleAtFixedRate(stream::sendOne, 0, 20, TimeUnit.MILLISECONDS);
        }
        streams.put(callId, stream);
    }

    /** Stops sending for {@code callId}; its counters stay readable. */
    public void stop(String callId) {
        Stream old = streams.remove(callId);
        if (old != null && old.future != null) {
            old.future.cancel(false);
        }
    }

    public void stopAll() {
        streams.keySet().forEach(this::stop);
    }

    public boolean isSending(String callId) {
        Stream s = streams.get(callId);
        return s != null && s.future != null;
    }

    /** Counters per call id, in no particular order. */
    public Map<String, RtpCounters> perCall() {
        Map<String, RtpCounters> out = new java.util.TreeMap<>();
        counts.forEach((id, c) -> out.put(id, c.snapshot()));
        return out;
    }

    /** Packets not attributable to a call. */
    public RtpCounters unmatched() {
        return other.snapshot();
    }

    /** RTP sends (and the close) that failed: lost packets, as on a real phone. */
    public long failures() {
        return sendFailures.get();
    }

    /** Everything sent and received on the RTP socket. */
    public RtpCounters total() {
        RtpCounters sum = other.snapshot();
        for (Counts c : counts.values()) {
            sum = sum.plus(c.snapshot());
        }
        return sum;
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (channel.isOpen()) {
            buffer.clear();
            SocketAddress source;
            try {
                source = channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return; // close() ends the loop
            } catch (IOException e) {
                // e.g. ICMP port unreachable reported on Linux: the far end is not up yet; keep going
                continue;
            }
            buffer.flip();
            if (RtpPacket.isRtp(buffer.array(), buffer.limit())) {
                countFor(source).received.incrementAndGet();
            }
        }
    }

    private Counts countFor(SocketAddress source) {
        Stream only = null;
        for (Stream s : streams.values()) {
            if (s.remote.equals(source)) {
                return counts.get(s.callId);
            }
            only = only == null ? s : null;
        }
        if (only != null && streams.size() == 1) {
            return counts.get(only.callId);
        }
        return other;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to do: the simulator is shutting this socket down anyway.
            sendFailures.incrementAndGet();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Sent / received counters of one call. */
    private static final class Counts {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();

        RtpCounters snapshot() {
            return new RtpCounters(sent.get(), received.get());
        }
    }

    /** One call's outgoing stream: RTP sequence, timestamp and SSRC of its own. */
    private final class Stream {
        final String callId;
        final InetSocketAddress remote;
        final long ssrc = ThreadLocalRandom.current().nextLong(1L << 32);
        int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
        long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
        boolean first = true;
        volatile ScheduledFuture<?> future;

        Stream(String callId, InetSocketAddress remote) {
            this.callId = Objects.requireNonNull(callId);
            this.remote = Objects.requireNonNull(remote);
        }

        /** Runs on the timer thread only. */
        void sendOne() {
            byte[] packet = RtpPacket.build(RtpPacket.PAYLOAD_PCMU, first, sequence, timestamp, ssrc, payload);
            first = false;
            sequence = (sequence + 1) & 0xFFFF;
            timestamp = (timestamp + RtpPacket.SAMPLES_PER_20_MS) & 0xFFFF_FFFFL;
            try {
                channel.send(ByteBuffer.wrap(packet), remote);
                counts.get(callId).sent.incrementAndGet();
            } catch (IOException e) {
                // UDP: a failed send (no route, closed socket) is a lost packet, as on a real phone.
                sendFailures.incrementAndGet();
            }
        }
    }
}
