package org.sscpbridge.call;

import java.util.Optional;

/**
 * A REFER the far end sent in one of our calls' dialogs (RFC 3515), already answered 202 by the
 * SIP side (which also sent the first NOTIFY, "100 Trying"). The phone side places the new call and
 * reports how it goes; the SIP side turns that into NOTIFYs. Thread-safe.
 */
public interface TransferRequest {

    /** Whom to call: the Refer-To URI's user part when it is in our domain or any SIP URI's user, else the URI. */
    String target();

    /** The Replaces header value (RFC 3891) the new INVITE must carry, taken from the Refer-To's headers. */
    Optional<String> replaces();

    /** Who asked (the REFER's Referred-By, else its From), for the new INVITE's Referred-By. */
    String referredBy();

    /**
     * Reports the new call's progress: a provisional {@code status} (180, 183) keeps the implicit
     * subscription active; a final one (200 answered, 486, 404...) ends it (RFC 3515 §2.4.5). The
     * first final report wins; later ones are ignored.
     */
    void report(int status, String reason);
}
