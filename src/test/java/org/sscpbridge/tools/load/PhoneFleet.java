package org.sscpbridge.tools.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * Many lightweight SSCP phones on one thread: each phone is its own non-blocking UDP socket (its
 * own source port, so each is a separate session, as phones behind one NAT), all watched by one
 * selector. Like a real phone, each one acknowledges every bridge request that carries seq and
 * retransmits its Register on the SPEC §3 schedule until it is answered.
 *
 * <p>Every socket is opened up front and a wave keeps only arrays of timestamps, so the fleet's
 * memory does not change while phones register: heap measured around a wave is the bridge's.
 *
 * <p>Thread-safety: the phones' state is confined to the fleet's thread; {@link #register} hands a
 * wave over and waits for the thread to publish its result.
 */
final class PhoneFleet implements AutoCloseable {
    /** SPEC §3: first retransmission after 0.5 s, doubling up to 4 s, given up 32 s after the first send. */
    private static final long FIRST_RETRANSMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MAX_RETRANSMIT_NANOS = TimeUnit.SECONDS.toNanos(4);
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(32);
    /** Scanning every phone for due retransmissions each millisecond would cost the bridge CPU. */
    private static final long RETRANSMIT_SCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private volatile InetSocketAddress bridge;
    private final DatagramChannel[] phones;
    private final Selector selector;
    private final SscpCodec codec = new SscpCodec();
    private final ByteBuffer inbound = ByteBuffer.allocate(SscpCodec.MAX_DATAGRAM + 1);
    private final byte[] decodeBuffer = new byte[SscpCodec.MAX_DATAGRAM + 1];
    private final Thread thread;
    private final AtomicLong sendFailures = new AtomicLong();
    private volatile Wave pending;
    private volatile boolean open = true;
    private long waveSeq;

    /**
     * What one wave asks for: which phones, how fast (an open-loop pace and/or a closed-loop bound
     * on registrations in flight; 0 = none), and when a phone counts as done.
     */
    record WaveSpec(int from, int count, double registersPerSecond, int window, boolean untilLineRegistered,
            Duration timeout) {}

    private PhoneFleet(InetSocketAddress bridge, DatagramChannel[] phones, Selector selector) {
        this.bridge = bridge;
        this.phones = phones;
        this.selector = selector;
        this.thread = new Thread(this::run, "load-phones");
        thread.setDaemon(true);
    }

    /** Opens {@code count} phone sockets on the loopback addresses {@code sources} gives them. */
    static PhoneFleet open(InetSocketAddress bridge, int count, SourceAddresses sources) throws IOException {
        Selector selector = Selector.open();
        DatagramChannel[] phones = new DatagramChannel[count];
        try {
            for (int i = 0; i < count; i++) {
                DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
                phones[i] = ch;
                ch.bind(new InetSocketAddress(sources.of(i), 0));
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, i);
            }
        } catch (IOException | RuntimeException e) {
            closeAll(phones, selector);
            throw e;
        }
        PhoneFleet fleet = new PhoneFleet(bridge, phones, selector);
        fleet.thread.start();
        return fleet;
    }

    /**
     * Points the phones at a bridge on another port: each bridged round opens its SSCP port anew, and
     * a port left unbound between rounds may meanwhile be taken by another process (a SIPp of the run).
     */
    void retarget(InetSocketAddress bridge) {
        this.bridge = bridge;
    }

    int size() {
        return phones.length;
    }

    InetSocketAddress address(int phone) throws IOException {
        return (InetSocketAddress) phones[phone].getLocalAddress();
    }

    /** Datagrams the kernel refused (full socket buffer): each is retransmitted like a lost one. */
    long sendFailures() {
        return sendFailures.get();
    }

    /** Registers phones {@code from .. from+count-1} and waits until each is done or the timeout. */
    WaveResult register(WaveSpec spec) throws InterruptedException {
        Wave wave = new Wave(spec);
        pending = wave;
        selector.wakeup();
        // The fleet thread enforces the timeout itself; this bound only guards against a dead thread.
        if (!wave.finished.await(spec.timeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("phone fleet thread did not finish the wave");
        }
        return wave.result;
    }

    private void run() {
        Wave wave = null;
        long nextScan = 0;
        while (open) {
            try {
                Wave offered = pending;
                if (offered != null) {
                    pending = null;
                    wave = offered;
                    wave.start(System.nanoTime(), ++waveSeq);
                }
                long now = System.nanoTime();
                if (wave != null) {
                    wave.sendDue(now);
                    if (now >= nextScan) {
                        wave.retransmitDue(now);
                        nextScan = now + RETRANSMIT_SCAN_NANOS;
                    }
                    if (wave.isOver(now)) {
                        wave.finish();
                        wave = null;
                    }
                }
                selector.select(wave == null ? 100 : 1);
                for (SelectionKey key : selector.selectedKeys()) {
                    receiveAll((DatagramChannel) key.channel(), (Integer) key.attachment(), wave);
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                if (open) {
                    throw new IllegalStateException("phone fleet selector failed", e);
                }
            }
        }
    }

    private void receiveAll(DatagramChannel phone, int index, Wave wave) throws IOException {
        while (true) {
            inbound.clear();
            SocketAddress from = phone.receive(inbound);
            if (from == null) {
                return;
            }
            inbound.flip();
            int length = inbound.remaining();
            inbound.get(decodeBuffer, 0, length);
            Frame frame;
            try {
                frame = codec.decode(Direction.BRIDGE, decodeBuffer, 0, length);
            } catch (SscpDecodeException e) {
                throw new IllegalStateException("the bridge sent phone " + index + " an undecodable datagram", e);
            }
            if (frame.hasSeq() && !frame.type().isAnswerOnly()) {
                send(phone, new Frame(new PhoneMessage.Ack(), frame.seq()));
            }
            if (wave != null) {
                wave.onMessage(index, (BridgeMessage) frame.message(), System.nanoTime());
            }
        }
    }

    private void send(DatagramChannel phone, Frame frame) throws IOException {
        if (phone.send(ByteBuffer.wrap(codec.encode(frame)), bridge) == 0) {
            sendFailures.incrementAndGet();
        }
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        selector.wakeup();
        thread.join(5_000);
        closeAll(phones, selector);
    }

    private static void closeAll(DatagramChannel[] phones, Selector selector) {
        for (DatagramChannel ch : phones) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // Closing a UDP socket only fails if it is already gone: nothing to free.
                }
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // Same: nothing left to free.
        }
    }

    /** One round of Registers; its arrays are touched by the fleet thread only until {@link #finished}. */
    private final class Wave {
        final WaveSpec spec;
        final long[] firstSent;
        final long[] nextRetransmit;
        final long[] retransmitGap;
        final long[] registerAcked;
        final long[] lineRegistered;
        final CountDownLatch finished = new CountDownLatch(1);
        long start;
        long seq;
        int sent;
        int done;
        /** Phones that will not complete (rejected, or gave up): they free their window slot. */
        int failed;
        int rejected;
        int lineFailures;
        int retransmissions;
        WaveResult result;

        Wave(WaveSpec spec) {
            this.spec = spec;
            int n = spec.count();
            firstSent = new long[n];
            nextRetransmit = new long[n];
            retransmitGap = new long[n];
            registerAcked = new long[n];
            lineRegistered = new long[n];
        }

        void start(long now, long seq) {
            this.start = now;
            // A new seq each wave: the bridge answers a repeated seq from its memory without acting on it.
            this.seq = seq;
        }

        void sendDue(long now) throws IOException {
            int due = spec.registersPerSecond() <= 0 ? spec.count()
                    : (int) Math.min(spec.count(), 1 + (now - start) * spec.registersPerSecond() / 1e9);
            if (spec.window() > 0) {
                due = Math.min(due, done + failed + spec.window());
            }
            for (; sent < due; sent++) {
                long t = System.nanoTime();
                firstSent[sent] = t;
                retransmitGap[sent] = FIRST_RETRANSMIT_NANOS;
                nextRetransmit[sent] = t + FIRST_RETRANSMIT_NANOS;
                sendRegister(sent);
            }
        }

        void retransmitDue(long now) throws IOException {
            for (int i = 0; i < sent; i++) {
                if (registerAcked[i] == 0 && nextRetransmit[i] != 0 && now >= nextRetransmit[i]) {
                    if (now - firstSent[i] >= GIVE_UP_NANOS) {
                        nextRetransmit[i] = 0;
                        failed++;
                        continue;
                    }
                    retransmitGap[i] = Math.min(MAX_RETRANSMIT_NANOS, retransmitGap[i] * 2);
                    nextRetransmit[i] = now + retransmitGap[i];
                    retransmissions++;
                    sendRegister(i);
                }
            }
        }

        private void sendRegister(int i) throws IOException {
            int phone = spec.from() + i;
            send(phones[phone], new Frame(new PhoneMessage.Register(LoadAccounts.deviceId(phone), "AP-IP300",
                    "load", null, null), seq));
        }

        void onMessage(int phone, BridgeMessage message, long now) {
            int i = phone - spec.from();
            if (i < 0 || i >= spec.count()) {
                return;
            }
            if (message instanceof BridgeMessage.RegisterAck && registerAcked[i] == 0) {
                registerAcked[i] = now;
                if (!spec.untilLineRegistered()) {
                    done++;
                }
            } else if (message instanceof BridgeMessage.RegisterReject && registerAcked[i] == 0) {
                registerAcked[i] = -1;
                rejected++;
                failed++;
            } else if (message instanceof BridgeMessage.Display d && spec.untilLineRegistered()) {
                // PhoneSession shows "Line N: registered" when the line's REGISTER got its 200 OK.
                if (d.text().endsWith(": registered") && lineRegistered[i] == 0) {
                    lineRegistered[i] = now;
                    done++;
                } else if (d.text().contains("registration failed")) {
                    lineFailures++;
                }
            }
        }

        boolean isOver(long now) {
            return done == spec.count() || now - start >= spec.timeout().toNanos();
        }

        void finish() {
            long[] completed = spec.untilLineRegistered() ? lineRegistered : registerAcked;
            result = WaveResult.of(firstSent, completed, rejected, lineFailures, retransmissions);
            finished.countDown();
        }
    }
}
