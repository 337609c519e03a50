package org.sscpbridge.sscp.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bound UDP socket and the one daemon thread that reads it. Knows nothing of SSCP: it hands
 * each datagram, whole, to its receiver, and reports instead of reading any datagram longer than
 * its limit. The receive loop ends only through {@link #close()}.
 *
 * <p>Thread-safety: thread-safe. {@link #send} and {@link #close} may be called from any thread;
 * the receiver is called on the receive thread only, one datagram at a time.
 */
final class UdpSocket implements DatagramPort {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSocket.class);
    /**
     * Room for bursts while the receive thread is busy; the kernel grants at most
     * {@code net.core.rmem_max}. 4 MiB, as on the SIP side: a site of 10 000 phones registering at
     * once is about 3 MB of Register datagrams, and with 1 MiB a 50 000/s flood overflowed the buffer
     * during a 100 ms stall of the receive thread (cold JIT, a collection) and cost legitimate phones
     * a keepalive (SscpFloodIT).
     */
    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;
    /** How long close() waits for a handler still running on the receive thread. */
    private static final long JOIN_MILLIS = 2000;
    /** Pause after a failed read, so a persistently failing socket cannot spin a core. */
    private static final long ERROR_PAUSE_MILLIS = 10;

    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final int maxDatagram;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread receiveThread;

    private UdpSocket(DatagramChannel channel, InetSocketAddress localAddress, int maxDatagram) {
        this.channel = channel;
        this.localAddress = localAddress;
        this.maxDatagram = maxDatagram;
    }

    /** Binds {@code address} (port 0: any free port); reading starts with {@link #start}. */
    static UdpSocket bind(InetSocketAddress address, int maxDatagram) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
            channel.bind(address);
            return new UdpSocket(channel, (InetSocketAddress) channel.getLocalAddress(), maxDatagram);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Starts the receive thread; call once. */
    void start(String threadName, DatagramReceiver receiver) {
        Objects.requireNonNull(receiver, "receiver");
        if (receiveThread != null) {
            throw new IllegalStateException("already started");
        }
        Thread thread = new Thread(() -> receiveLoop(receiver), threadName);
        thread.setDaemon(true);
        receiveThread = thread;
        thread.start();
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    @Override
    public void send(InetSocketAddress target, byte[] bytes) throws IOException {
        channel.send(ByteBuffer.wrap(bytes), target);
    }

    /**
     * Closes the socket, which frees the port before this returns, and waits (briefly) for the
     * receive thread to finish the datagram it is handling. Idempotent; callable from a handler.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing UDP socket {} failed", localAddress, e);
        }
        Thread thread = receiveThread;
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("receive thread {} still busy in a handler {} ms after close", thread.getName(), JOIN_MILLIS);
            }
        }
    }

    private void receiveLoop(DatagramReceiver receiver) {
        // One spare byte tells a datagram of exactly the limit from a longer one (whose rest the
        // kernel discards).
        ByteBuffer buffer = ByteBuffer.allocate(maxDatagram + 1);
        LOG.debug("receiving on {}", localAddress);
        while (!closed.get()) {
            // DatagramChannel is interruptible: a handler that re-asserted an interrupt would make
            // the next receive close the socket for good. Only close() may end this loop.
            if (Thread.interrupted()) {
                LOG.warn("receive thread was interrupted; ignoring (only close() stops it)");
            }
            buffer.clear();
            InetSocketAddress source;
            try {
                source = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                if (!closed.get()) {
                    LOG.error("UDP socket {} closed without close(); receiving stops", localAddress, e);
                }
                return;
            } catch (IOException e) {
                handOver(receiver, () -> receiver.onReceiveError(e));
                pauseAfterError();
                continue;
            }
            buffer.flip();
            int length = buffer.remaining();
            if (length > maxDatagram) {
                handOver(receiver, () -> receiver.onOversize(source, length));
            } else {
                byte[] bytes = new byte[length];
                buffer.get(bytes);
                handOver(receiver, () -> receiver.onDatagram(new Datagram(bytes, source, localAddress)));
            }
        }
    }

    /** The last line of defence: nothing a receiver throws may end the loop. */
    private void handOver(DatagramReceiver receiver, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            LOG.error("receiver {} failed; receiving continues", receiver, e);
        }
    }

    private void pauseAfterError() {
        try {
            Thread.sleep(ERROR_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            // Cleared on purpose, see receiveLoop: the loop stops only through close().
            LOG.debug("interrupted while pausing after a receive error");
        }
    }

    @Override
    public String toString() {
        return "UdpSocket[" + localAddress + (closed.get() ? " closed" : "") + "]";
    }
}
