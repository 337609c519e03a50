package org.sscpbridge.call;

import java.util.Objects;
import java.util.Optional;

/**
 * Extra headers of a new outgoing INVITE: a Replaces (RFC 3891) when the call takes over another
 * dialog, a Referred-By (RFC 3892) when a REFER asked for it.
 */
public record OutgoingOptions(Optional<String> replaces, Optional<String> referredBy) {
    public static final OutgoingOptions NONE = new OutgoingOptions(Optional.empty(), Optional.empty());

    public OutgoingOptions {
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(referredBy, "referredBy");
    }

    /** The options for the call a REFER asked for. */
    public static OutgoingOptions of(TransferRequest refer) {
        return new OutgoingOptions(refer.replaces(), Optional.of(refer.referredBy()));
    }
}
