package org.sscpbridge.bridge;

/** An operator request that could not be carried out; the message says what and why. */
public final class BridgeException extends Exception {
    private static final long serialVersionUID = 1L;

    public BridgeException(String message) {
        super(message);
    }

    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
