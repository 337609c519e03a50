package org.sscpbridge.sip;

/** The SIP user agent could not start; the message says what and where (e.g. the port in use). */
public final class SipStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public SipStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
