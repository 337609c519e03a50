package org.sscpbridge.bridge;

import java.time.Duration;

/** What an operator can ask of the running bridge (the console's service). */
public interface BridgeControl {

    BridgeStatus status();

    /** Opens the SSCP socket and the SIP stack; a no-op when already enabled. */
    BridgeStatus enable() throws BridgeException;

    /** Closes both, telling phones first; a no-op when already disabled. */
    BridgeStatus disable();

    /** Sends SIP OPTIONS to {@code uri} (default: the registrar) and reports the answer. */
    String sipPing(String uri, Duration timeout) throws BridgeException;
}
