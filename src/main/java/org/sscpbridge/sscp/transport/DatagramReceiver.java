package org.sscpbridge.sscp.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * What a {@link UdpSocket} hands its datagrams to.
 *
 * <p>Threading: called on the socket's receive thread only, one call at a time.
 */
interface DatagramReceiver {

    void onDatagram(Datagram datagram);

    /** A datagram longer than the socket's limit arrived; its bytes were not kept. */
    void onOversize(InetSocketAddress source, int bytesRead);

    /** Reading failed for a reason other than the socket being closed; the loop goes on. */
    void onReceiveError(IOException error);
}
