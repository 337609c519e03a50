package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;

/**
 * Tells the transport whether a source address belongs to a registered sender; the bridge answers
 * from its phone registry (SPEC §4: a Register binds a device to its source address). Used only
 * for datagrams that do not decode: a registered sender gets an Error with the decoder's code, an
 * unregistered one at most a rate-limited Error 401.
 *
 * <p>Thread-safety: called on the receive thread; implementations must be thread-safe, fast and
 * non-blocking.
 */
@FunctionalInterface
public interface SenderPolicy {

    boolean isKnown(InetSocketAddress source);

    /** Treats every source as unregistered (the default; also right for a phone). */
    static SenderPolicy nobodyKnown() {
        return source -> false;
    }
}
