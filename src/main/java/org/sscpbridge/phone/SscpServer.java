package org.sscpbridge.phone;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's SSCP side: the UDP socket phones talk to. (Interim: binds and drains the socket;
 * the transport and phone sessions plug in here.)
 */
public final class SscpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SscpServer.class);

    private final DatagramSocket socket;
    private final Thread receiver;

    private SscpServer(DatagramSocket socket) {
        this.socket = socket;
        this.receiver = new Thread(this::receiveLoop, "sscp-receive-" + socket.getLocalPort());
        this.receiver.setDaemon(true);
    }

    public static SscpServer open(InetSocketAddress bind) throws IOException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.bind(bind);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot open SSCP udp " + bind.getHostString() + ":" + bind.getPort() + ": "
                    + e.getMessage(), e);
        }
        SscpServer server = new SscpServer(socket);
        server.receiver.start();
        LOG.info("SSCP listening on udp {}:{}", bind.getHostString(), socket.getLocalPort());
        return server;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public int phoneCount() {
        return 0;
    }

    public String counters() {
        return "";
    }

    private void receiveLoop() {
        byte[] buf = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                LOG.warn("SSCP receive failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        socket.close();
        try {
            receiver.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("SSCP socket closed");
    }
}
