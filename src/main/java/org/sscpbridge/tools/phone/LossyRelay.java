package org.sscpbridge.tools.phone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --loss}: a UDP relay between the phone's SSCP endpoint and the bridge that drops a share
 * of the datagrams in each direction, seeded for repeatable runs. The phone's endpoint talks to
 * {@link #phoneSide()}; the bridge sees the relay's other socket as the phone.
 *
 * <p>Why a relay and not a drop in the frame handler: the endpoint's transport has no hook before
 * its dedupe / answer memory. A frame dropped in the handler would already be marked as seen, so
 * the bridge's retransmissions would be discarded as duplicates and never acked; and a request
 * dropped before {@code sendReliably} would never be retransmitted. Dropping whole datagrams on
 * the wire keeps the transport's reliability (SPEC §3) honest in both directions.
 *
 * <p>Thread-safety: thread-safe; one thread per direction.
 */
public final class LossyRelay implements AutoCloseable {
    private final DatagramChannel phoneSide;
    private final DatagramChannel bridgeSide;
    private final InetSocketAddress bridge;
    private final double lossFraction;
    private final Random random;
    private volatile SocketAddress phone;
    private final AtomicLong toBridge = new AtomicLong();
    private final AtomicLong toPhone = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private LossyRelay(DatagramChannel phoneSide, DatagramChannel bridgeSide, InetSocketAddress bridge, double lossPercent, long seed) {
        this.phoneSide = phoneSide;
        this.bridgeSide = bridgeSide;
        this.bridge = bridge;
        this.lossFraction = lossPercent / 100.0;
        this.random = new Random(seed);
    }

    /** Opens the relay: its phone side on loopback, its bridge side on {@code bind}. */
    public static LossyRelay open(InetSocketAddress bridge, InetSocketAddress bind, double lossPercent, long seed) throws IOException {
        DatagramChannel phoneSide = DatagramChannel.open();
        DatagramChannel bridgeSide = DatagramChannel.open();
        try {
            phoneSide.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            bridgeSide.bind(bind);
        } catch (IOException | RuntimeException e) {
            phoneSide.close();
            bridgeSide.close();
            throw e;
        }
        LossyRelay relay = new LossyRelay(phoneSide, bridgeSide, bridge, lossPercent, seed);
        start("sscp-loss-to-bridge", relay::phoneToBridge);
        start("sscp-loss-to-phone", relay::bridgeToPhone);
        return relay;
    }

    /** Where the phone's endpoint sends instead of to the bridge. */
    public InetSocketAddress phoneSide() throws IOException {
        return (InetSocketAddress) phoneSide.getLocalAddress();
    }

    /** The address the bridge sees as the phone's. */
    public InetSocketAddress bridgeSide() throws IOException {
        return (InetSocketAddress) bridgeSide.getLocalAddress();
    }

    /** "relayed N to bridge, M to phone, dropped D". */
    public String counters() {
        return "relayed " + toBridge.get() + " to bridge, " + toPhone.get() + " to phone, dropped " + dropped.get();
    }

    private void phoneToBridge() {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        while (phoneSide.isOpen()) {
            buffer.clear();
            try {
                phone = phoneSide.receive(buffer);
                buffer.flip();
                if (!drop()) {
                    bridgeSide.send(buffer, bridge);
                    toBridge.incrementAndGet();
                }
            } catch (ClosedChannelException e) {
                return; // close() ends the relay
            } catch (IOException e) {
                dropped.incrementAndGet(); // a failed send is one more lost datagram
            }
        }
    }

    private void bridgeToPhone() {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        while (bridgeSide.isOpen()) {
            buffer.clear();
            try {
                bridgeSide.receive(buffer);
                buffer.flip();
                SocketAddress target = phone;
                if (target != null && !drop()) {
                    phoneSide.send(buffer, target);
                    toPhone.incrementAndGet();
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                dropped.incrementAndGet();
            }
        }
    }

    private boolean drop() {
        boolean drop;
        synchronized (random) {
            drop = random.nextDouble() < lossFraction;
        }
        if (drop) {
            dropped.incrementAndGet();
        }
        return drop;
    }

    private static void start(String name, Runnable loop) {
        Thread t = new Thread(loop, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        try {
            phoneSide.close();
        } finally {
            bridgeSide.close();
        }
    }
}
