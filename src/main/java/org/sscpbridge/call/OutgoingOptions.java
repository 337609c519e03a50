package org.sscpbridge.call;

import java.util.Objects;
import java.util.Optional;

/**
 * What a new outgoing INVITE carries beyond the target: a Replaces (RFC 3891) when the call takes
 * over another dialog, a Referred-By (RFC 3892) when a REFER asked for it, and the mailbox a call to
 * the voice mail pilot is about (RFC 4458 {@code target} URI parameter).
 */
public record OutgoingOptions(Optional<String> replaces, Optional<String> referredBy, Optional<String> mailbox) {
    public static final OutgoingOptions NONE = new OutgoingOptions(Optional.empty(), Optional.empty(),
            Optional.empty());

    public OutgoingOptions {
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(referredBy, "referredBy");
        Objects.requireNonNull(mailbox, "mailbox");
    }

    /** The options for the call a REFER asked for. */
    public static OutgoingOptions of(TransferRequest refer) {
        return new OutgoingOptions(refer.replaces(), Optional.of(refer.referredBy()), Optional.empty());
    }

    /** A call to the voice mail pilot for {@code mailbox} (a number at the bridge's domain). */
    public static OutgoingOptions mailbox(String mailbox) {
        return new OutgoingOptions(Optional.empty(), Optional.empty(), Optional.of(mailbox));
    }
}
