package org.sscpbridge.sscp.codec;

import org.sscpbridge.sscp.message.WireLimits;

/**
 * What a datagram may contain before it is refused (SPEC §1). Enforced twice on purpose: by the
 * seed-dialect scanner and tree builder (our own code) and by Woodstox's limits, so the rule holds
 * whichever layer a future change bypasses.
 */
final class DecodeLimits {
    /** Largest datagram, in bytes; larger ones are refused with 413. */
    static final int MAX_DATAGRAM_BYTES = 8 * 1024;
    /** Deepest element nesting; the root is depth 1. */
    static final int MAX_DEPTH = 8;
    /** Most elements in one datagram, root included. */
    static final int MAX_ELEMENTS = 256;
    /** Longest attribute value after entity expansion, in chars. */
    static final int MAX_ATTRIBUTE_CHARS = WireLimits.MAX_VALUE_CHARS;
    /** Most attributes on one element; no SSCP element has more than seven. */
    static final int MAX_ATTRIBUTES_PER_ELEMENT = 32;
    /** Longest text of one element, in chars: anything longer cannot come from an 8 KiB datagram. */
    static final int MAX_TEXT_CHARS = MAX_DATAGRAM_BYTES;

    /** The error code for any refused content (SPEC §1: "refused the same way" as a DTD). */
    static final int MALFORMED = 400;
    /** The error code for an oversized datagram. */
    static final int TOO_LARGE = 413;

    private DecodeLimits() {
    }
}
