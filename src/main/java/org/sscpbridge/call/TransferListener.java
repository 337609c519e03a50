package org.sscpbridge.call;

/**
 * The outcome of a REFER this side sent (RFC 3515): the far end's answer to the REFER, then the
 * NOTIFYs (message/sipfrag) of how its new call went. Called on SIP threads: hand over, do not block.
 * Exactly one of {@link #onSucceeded} and {@link #onFailed} is called, once.
 */
public interface TransferListener {

    /** The far end took the REFER (202): it is calling the target now. */
    void onAccepted();

    /** The far end's new call was answered (NOTIFY with a 2xx sipfrag); {@code text} is its status line. */
    void onSucceeded(String text);

    /**
     * The transfer did not happen: the REFER was refused or timed out ({@code status} its answer,
     * 408 for none), or a NOTIFY reported the far end's call failed ({@code status} the sipfrag's),
     * or the subscription ended without a final sipfrag. {@code text} says what, for the phone's display.
     */
    void onFailed(int status, String text);
}
