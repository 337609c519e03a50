package org.sscpbridge.tools.loadcalls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SscpMessage;

/**
 * Many lightweight simulated SSCP phones: one non-blocking UDP channel each, all served by one
 * selector thread with the project's codec. A phone answers OpenMedia with MediaInfo (echoing the
 * seq, as it/support/TestPhone does), acknowledges every other seq'd bridge message, and runs one
 * outgoing call at a time: Dial, wait for CallState Connected, hang up (OnHook) after the hold
 * time, wait for CallState Idle. Nothing here sends RTP: the MediaInfo port is only signalled.
 *
 * <p>Thread-safety: {@link #placeCall} may be called from any thread; everything a phone receives
 * is handled on the selector thread; hang-ups and call timeouts run on one timer thread.
 */
public final class LoadPhones implements AutoCloseable {
    /** What happened to one call the harness placed. */
    public enum Outcome { COMPLETED, FAILED, TIMED_OUT }

    /** Hears the end of every call (on the selector or the timer thread). */
    public interface CallEnd {
        void ended(int callNumber, Phone phone, Outcome outcome, String detail);
    }

    private final InetSocketAddress bridge;
    private final Selector selector;
    private final List<Phone> phones = new ArrayList<>();
    private final ConcurrentLinkedQueue<Phone> idle = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-phones-timer");
        t.setDaemon(true);
        return t;
    });
    private final ThreadLocal<SscpCodec> codecs = ThreadLocal.withInitial(SscpCodec::new);
    private final Thread loop;
    private final Duration hold;
    private final Duration callTimeout;
    private final CallEnd callEnd;
    private final AtomicInteger badDatagrams = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong keepAliveAcks = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    /** One phone: device, line number, its own address. Call state is guarded by the phone's monitor. */
    public static final class Phone {
        public final String deviceId;
        public final String line;
        final DatagramChannel channel;
        public final InetSocketAddress address;
        final int mediaPort;
        final CountDownLatch registered = new CountDownLatch(1);
        volatile String registerProblem;
        volatile boolean refused;
        volatile boolean acked;
        // current call, guarded by this
        int callNumber = -1;
        boolean connected;
        boolean hungUp;
        boolean finished = true;
        String failure;
        java.util.concurrent.ScheduledFuture<?> timeout;

        Phone(String deviceId, String line, DatagramChannel channel, InetSocketAddress address, int mediaPort) {
            this.deviceId = deviceId;
            this.line = line;
            this.channel = channel;
            this.address = address;
            this.mediaPort = mediaPort;
        }
    }

    /**
     * Opens {@code devices} phones ({@code deviceIds[i]}, line {@code lines[i]}) on loopback
     * addresses {@code addresses[i]} (ephemeral ports).
     */
    public LoadPhones(InetSocketAddress bridge, List<String> deviceIds, List<String> lines, List<InetAddress> addresses,
            Duration hold, Duration callTimeout, CallEnd callEnd) throws IOException {
        this.bridge = bridge;
        this.hold = hold;
        this.callTimeout = callTimeout;
        this.callEnd = callEnd;
        this.selector = Selector.open();
        try {
            for (int i = 0; i < deviceIds.size(); i++) {
                DatagramChannel ch = DatagramChannel.open(StandardProtocolFamily.INET);
                ch.bind(new InetSocketAddress(addresses.get(i), 0));
                ch.configureBlocking(false);
                InetSocketAddress local = (InetSocketAddress) ch.getLocalAddress();
                Phone p = new Phone(deviceIds.get(i), lines.get(i), ch, local, 20_000 + 2 * (i % 20_000));
                phones.add(p);
                ch.register(selector, SelectionKey.OP_READ, p);
            }
        } catch (IOException e) {
            close();
            throw e;
        }
        loop = new Thread(this::receiveLoop, "load-phones-receive");
        loop.setDaemon(true);
        loop.start();
    }

    public List<Phone> phones() {
        return phones;
    }

    int badDatagrams() {
        return badDatagrams.get();
    }

    /**
     * Sends every phone's Register, paced at {@code perSecond}; waits for each line's "registered".
     * Every {@link #REGISTER_AGAIN}, a phone that was refused (a bridge in Felix may not have loaded
     * its device yet: 403 unknown device) or never got a RegisterAck registers again.
     */
    public void registerAll(int perSecond, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        for (int i = 0; i < phones.size(); i++) {
            long due = start + (long) (i * 1e9 / perSecond);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            sendRegister(phones.get(i));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Phone> missing = phones.stream().filter(p -> p.registered.getCount() > 0).toList();
            if (missing.isEmpty()) {
                break;
            }
            if (System.nanoTime() >= deadline) {
                Phone p = missing.get(0);
                throw new IOException(missing.size() + " phones not registered within " + timeout.toSeconds()
                        + " s, e.g. " + p.deviceId + " (line " + p.line + ")"
                        + (p.registerProblem == null ? "" : ": " + p.registerProblem));
            }
            missing.get(0).registered.await(REGISTER_AGAIN.toNanos(), TimeUnit.NANOSECONDS);
            for (Phone p : missing) {
                if (p.registered.getCount() > 0 && (p.refused || !p.acked)) {
                    p.refused = false;
                    sendRegister(p);
                }
            }
        }
        idle.addAll(phones);
    }

    static final Duration REGISTER_AGAIN = Duration.ofSeconds(2);

    private void sendRegister(Phone p) throws IOException {
        send(p, Frame.of(new PhoneMessage.Register(p.deviceId, "AP-IP300", "1.0",
                new MediaAddress(p.address.getAddress().getHostAddress(), p.mediaPort), null)));
    }

    /** Sends one KeepAlive from {@code p} (SPEC §4); the bridge's KeepAliveAck is counted. */
    public void keepAlive(Phone p) throws IOException {
        send(p, Frame.of(new PhoneMessage.KeepAlive()));
    }

    /** KeepAliveAcks received so far, all phones together. */
    public long keepAliveAcks() {
        return keepAliveAcks.get();
    }

    /** Starts call {@code callNumber} to {@code number} on an idle phone; null when every phone is busy. */
    Phone placeCall(int callNumber, String number) throws IOException {
        Phone p = idle.poll();
        if (p == null) {
            return null;
        }
        synchronized (p) {
            p.callNumber = callNumber;
            p.connected = false;
            p.hungUp = false;
            p.finished = false;
            p.failure = null;
            p.timeout = timer.schedule(() -> timedOut(p, callNumber), callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        send(p, Frame.of(new PhoneMessage.Dial(number, null)));
        return p;
    }

    private void receiveLoop() {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        try {
            while (!closed) {
                selector.select(200);
                var keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey k = keys.next();
                    keys.remove();
                    Phone p = (Phone) k.attachment();
                    while (true) {
                        buf.clear();
                        if (p.channel.receive(buf) == null) {
                            break;
                        }
                        buf.flip();
                        onDatagram(p, buf.array(), buf.limit());
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) {
                System.err.println("load-calls: phone receive loop stopped: " + e);
            }
        }
    }

    private void onDatagram(Phone p, byte[] data, int length) throws IOException {
        Frame f;
        try {
            f = codecs.get().decode(Direction.BRIDGE, data, 0, length);
        } catch (SscpDecodeException e) {
            badDatagrams.incrementAndGet();
            return;
        }
        SscpMessage m = f.message();
        if (m instanceof BridgeMessage.OpenMedia open) {
            send(p, new Frame(new PhoneMessage.MediaInfo(open.callId(),
                    new MediaAddress(p.address.getAddress().getHostAddress(), p.mediaPort), "PCMU"), f.seq()));
        } else if (f.hasSeq() && !f.type().isAnswerOnly()) {
            send(p, new Frame(new PhoneMessage.Ack(), f.seq()));
        }
        if (m instanceof BridgeMessage.KeepAliveAck) {
            keepAliveAcks.incrementAndGet();
        } else if (m instanceof BridgeMessage.Display d && d.text().equals("Line " + p.line + ": registered")) {
            p.registered.countDown();
        } else if (m instanceof BridgeMessage.Display d && d.text().startsWith("Line " + p.line + ":")) {
            p.registerProblem = d.text();
        } else if (m instanceof BridgeMessage.RegisterReject r) {
            p.registerProblem = "RegisterReject " + r.code() + " " + r.text();
            p.refused = true;
        } else if (m instanceof BridgeMessage.RegisterAck) {
            p.acked = true;
        } else if (m instanceof BridgeMessage.CallState cs) {
            onCallState(p, cs.state());
        }
    }

    private void onCallState(Phone p, CallStateName state) throws IOException {
        int number;
        boolean hangUpNow = false;
        Outcome done = null;
        String detail = null;
        synchronized (p) {
            if (p.finished) {
                return;
            }
            number = p.callNumber;
            switch (state) {
                case CONNECTED -> {
                    if (!p.connected) {
                        p.connected = true;
                        timer.schedule(() -> hangUp(p, number), hold.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                case BUSY, CONGESTION, INVALID_NUMBER -> {
                    if (!p.hungUp) {
                        p.failure = state.wireName();
                        p.hungUp = true;
                        hangUpNow = true;
                    }
                }
                case IDLE -> {
                    if (p.hungUp) {
                        p.finished = true;
                        p.timeout.cancel(false);
                        done = p.failure == null && p.connected ? Outcome.COMPLETED : Outcome.FAILED;
                        detail = p.failure == null ? (p.connected ? null : "idle before connected") : p.failure;
                    }
                }
                default -> {
                }
            }
        }
        if (hangUpNow) {
            send(p, Frame.of(new PhoneMessage.OnHook(null)));
        }
        if (done != null) {
            callEnd.ended(number, p, done, detail);
            if (!closed) {
                idle.add(p);
            }
        }
    }

    private void hangUp(Phone p, int number) {
        synchronized (p) {
            if (p.finished || p.callNumber != number || p.hungUp) {
                return;
            }
            p.hungUp = true;
        }
        try {
            send(p, Frame.of(new PhoneMessage.OnHook(null)));
        } catch (IOException e) {
            System.err.println("load-calls: OnHook from " + p.deviceId + " failed: " + e);
        }
    }

    /** A call that did not end in time: reported, and the phone is not used again. */
    private void timedOut(Phone p, int number) {
        boolean wasHungUp;
        synchronized (p) {
            if (p.finished || p.callNumber != number) {
                return;
            }
            p.finished = true;
            wasHungUp = p.hungUp;
            p.hungUp = true;
        }
        try {
            if (!wasHungUp) {
                send(p, Frame.of(new PhoneMessage.OnHook(null)));
            }
        } catch (IOException e) {
            // reported below anyway
        }
        callEnd.ended(number, p, Outcome.TIMED_OUT, p.connected ? "no Idle after OnHook" : "not connected");
    }

    private void send(Phone p, Frame frame) throws IOException {
        byte[] bytes = codecs.get().encode(frame);
        p.channel.send(ByteBuffer.wrap(bytes), bridge);
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Phone p : phones) {
            try {
                p.channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (loop != null) {
            try {
                loop.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
