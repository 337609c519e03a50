package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.sscpbridge.sscp.codec.SscpCodec;

/**
 * An in-memory stand-in for the UDP socket under an {@link SscpEndpoint}: datagrams are handed in
 * by {@link #deliver} on the caller's thread, and what the endpoint sends is kept for
 * {@link #takeSent()}. Lets a test drive the bridge datagram by datagram, without threads.
 */
public final class MemoryWire implements DatagramPort {
    private final InetSocketAddress local;
    private final List<Datagram> sent = new ArrayList<>();
    private DatagramReceiver receiver;
    private boolean open = true;

    public MemoryWire(InetSocketAddress local) {
        this.local = local;
    }

    /** Builds the endpoint over this wire; each peer's seq numbering starts at 1. */
    public SscpEndpoint open(SscpEndpoint.Builder builder) {
        return builder.firstSeq(() -> 1).openOn(this, r -> receiver = r);
    }

    /** One datagram from {@code source}, as the receive thread would hand it over. */
    public void deliver(InetSocketAddress source, byte[] bytes) {
        if (!open) {
            return;
        }
        if (bytes.length > SscpCodec.MAX_DATAGRAM) {
            receiver.onOversize(source, bytes.length);
        } else {
            receiver.onDatagram(new Datagram(bytes, source, local));
        }
    }

    /** What was sent since the last call, in order. */
    public synchronized List<Datagram> takeSent() {
        List<Datagram> out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    @Override
    public synchronized void send(InetSocketAddress target, byte[] bytes) {
        if (open) {
            sent.add(new Datagram(bytes, local, target));
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public synchronized void close() {
        open = false;
    }
}
