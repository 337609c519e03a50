package org.sscpbridge.sip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sip.address.AddressFactory;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sscpbridge.config.Cidr;

/**
 * The SIP sources no per-source rate holds: the PBX the bridge was configured to use (registrar,
 * outbound proxy, trunks — host and port of their URIs, resolved once when the stack starts) and
 * the operator's {@code sip.trusted.sources} networks (any port).
 *
 * <p>Why: behind a PBX, every response to every line's REGISTER and every incoming call comes from
 * that one source. A per-source rate meant for floods capped a registration storm of 5 000 phones
 * at {@code sip.rate.responses.per.source} / 2 registrations per second (401 and 200 each) and
 * turned each dropped answer into a retransmission. The PBX is matched by IP and port, not by IP
 * alone, so that other programs on its host (or a flooder on the same loopback) stay limited.
 * Trusted datagrams still pass the malformed-message checks and the bounded receive queue.
 *
 * <p>Thread-safety: immutable.
 */
final class TrustedSources {
    private static final Logger LOG = LoggerFactory.getLogger(TrustedSources.class);
    private static final int DEFAULT_SIP_PORT = 5060;

    static final TrustedSources NONE = new TrustedSources(Set.of(), List.of());

    private final Set<InetSocketAddress> peers;
    private final List<Cidr> networks;

    private TrustedSources(Set<InetSocketAddress> peers, List<Cidr> networks) {
        this.peers = Set.copyOf(peers);
        this.networks = List.copyOf(networks);
    }

    /**
     * Resolves each of {@code peerUris}' host (every address it has); an empty URI (a server not
     * configured) is skipped, a name that does not resolve is logged and left out.
     */
    static TrustedSources resolve(List<String> peerUris, List<Cidr> networks, AddressFactory addresses) {
        Set<InetSocketAddress> peers = new HashSet<>();
        for (String text : peerUris) {
            if (text.isEmpty()) {
                continue;
            }
            try {
                URI uri = addresses.createURI(text);
                if (!(uri instanceof SipURI sip)) {
                    continue;
                }
                int port = sip.getPort() > 0 ? sip.getPort() : DEFAULT_SIP_PORT;
                for (InetAddress a : InetAddress.getAllByName(sip.getHost())) {
                    peers.add(new InetSocketAddress(a, port));
                }
            } catch (java.text.ParseException | UnknownHostException e) {
                LOG.warn("SIP server {} not resolved ({}): its datagrams are held to the per-source rates", text,
                        e.getMessage());
            }
        }
        return new TrustedSources(peers, networks);
    }

    boolean contains(InetSocketAddress source) {
        if (peers.contains(source)) {
            return true;
        }
        for (Cidr n : networks) {
            if (n.contains(source.getAddress())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "peers " + peers + ", networks " + networks;
    }
}
