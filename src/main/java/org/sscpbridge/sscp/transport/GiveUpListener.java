package org.sscpbridge.sscp.transport;

import java.net.InetSocketAddress;
import org.sscpbridge.sscp.message.Frame;

/**
 * Told when a reliably sent request got no answer before the give-up time (SPEC §3: 32 s after
 * the first send). Not told about requests still in flight when the endpoint closes.
 *
 * <p>Threading: called on the scheduler's thread; must not block. An exception is logged and
 * counted.
 */
@FunctionalInterface
public interface GiveUpListener {
    void onGiveUp(InetSocketAddress peer, Frame request);

    static GiveUpListener ignore() {
        return (peer, request) -> { };
    }
}
