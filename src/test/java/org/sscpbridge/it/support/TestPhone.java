package org.sscpbridge.it.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.PhoneMessage;

/**
 * A deliberately plain SSCP phone for integration tests: one loopback UDP socket, the project's
 * codec, every received bridge frame queued for the test and acknowledged when it carries seq (as
 * a phone must). Sends raw bytes from the same socket, so the bridge sees the same source.
 */
public final class TestPhone implements AutoCloseable {
    /** Where the phone sends: its call manager, changed by {@link #callManager} (a failover). */
    private volatile InetSocketAddress bridge;
    private final DatagramSocket socket;
    /** The phone's RTP receive socket: its address goes into MediaInfo. */
    private final DatagramSocket media;
    private final SscpCodec codec = new SscpCodec();
    /** Every frame received and not yet taken by an await, oldest first; its own lock. */
    private final List<Frame> inbox = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong(1);
    private final Thread receiver;
    private volatile boolean autoAck = true;

    public TestPhone(InetSocketAddress bridge) throws IOException {
        this.bridge = bridge;
        this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.media = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        this.receiver = new Thread(this::receive, "test-phone-" + socket.getLocalPort());
        receiver.setDaemon(true);
        receiver.start();
    }

    private void receive() {
        byte[] buf = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                Frame f = codec.decode(Direction.BRIDGE, p.getData(), 0, p.getLength());
                if (autoAck && f.message() instanceof BridgeMessage.OpenMedia open) {
                    // A phone answers OpenMedia with its RTP address, echoing the seq.
                    sendFrame(new Frame(new PhoneMessage.MediaInfo(open.callId(),
                            new MediaAddress("127.0.0.1", media.getLocalPort()), "PCMU"), f.seq()));
                } else if (autoAck && f.hasSeq() && !f.type().isAnswerOnly()) {
                    sendFrame(new Frame(new PhoneMessage.Ack(), f.seq()));
                }
                synchronized (inbox) {
                    inbox.add(f);
                    inbox.notifyAll();
                }
            } catch (SocketException e) {
                return;
            } catch (IOException | SscpDecodeException e) {
                throw new AssertionError("test phone got a bad datagram", e);
            }
        }
    }

    /**
     * From now on the phone talks to the call manager at {@code next} from the same socket, as a
     * phone does when it fails over to its secondary call manager (or returns to its primary).
     */
    public void callManager(InetSocketAddress next) {
        bridge = next;
    }

    /** Stops acknowledging: the phone looks dead to the bridge's retransmissions. */
    public void stopAcking() {
        autoAck = false;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends without seq. */
    public void send(PhoneMessage message) throws IOException {
        sendFrame(Frame.of(message));
    }

    /** Sends with a new seq; returns it. */
    public long sendWithSeq(PhoneMessage message) throws IOException {
        long s = seq.getAndIncrement();
        sendFrame(new Frame(message, s));
        return s;
    }

    private void sendFrame(Frame frame) throws IOException {
        sendRaw(codec.encode(frame));
    }

    public void sendRaw(byte[] bytes) throws IOException {
        socket.send(new DatagramPacket(bytes, bytes.length, bridge));
    }

    /**
     * Waits for the first frame (oldest first) whose message is a {@code type} matching
     * {@code test} and takes it; others stay for later awaits. Safe for several threads awaiting at
     * once (e.g. keepalives on one thread, call signalling on another).
     */
    public <T extends BridgeMessage> Frame awaitFrame(Class<T> type, Predicate<T> test, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (inbox) {
            while (true) {
                for (var it = inbox.iterator(); it.hasNext(); ) {
                    Frame f = it.next();
                    if (type.isInstance(f.message()) && test.test(type.cast(f.message()))) {
                        it.remove();
                        return f;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no " + type.getSimpleName() + " within " + timeout + "; got " + inbox);
                }
                TimeUnit.NANOSECONDS.timedWait(inbox, left);
            }
        }
    }

    public <T extends BridgeMessage> T await(Class<T> type, Predicate<T> test, Duration timeout)
            throws InterruptedException {
        return type.cast(awaitFrame(type, test, timeout).message());
    }

    public <T extends BridgeMessage> T await(Class<T> type) throws InterruptedException {
        return await(type, m -> true, Duration.ofSeconds(10));
    }

    /** Whether a message of {@code type} arrives within {@code window}. */
    public boolean receives(Class<? extends BridgeMessage> type, Duration window) throws InterruptedException {
        try {
            await(type, m -> true, window);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Whether a message of {@code type} matching {@code test} arrives (or was kept) within {@code window}. */
    public <T extends BridgeMessage> boolean receives(Class<T> type, Predicate<T> test, Duration window)
            throws InterruptedException {
        try {
            await(type, test, window);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** Forgets every message received so far (between test cases). */
    public void forget() {
        synchronized (inbox) {
            inbox.clear();
        }
    }

    /** The port of the phone's RTP socket. */
    public int mediaPort() {
        return media.getLocalPort();
    }

    @Override
    public void close() {
        socket.close();
        media.close();
    }
}
