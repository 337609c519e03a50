package org.sscpbridge.sscp.message;

/**
 * Size limits every message value respects, so that any message that can be constructed can also
 * be encoded and decoded again (SPEC §1: an attribute value is at most 1 KiB, at most 256
 * elements per datagram). Counted in Java chars (UTF-16 units), as the XML parser counts them.
 */
public final class WireLimits {
    /** Longest attribute value or element text, in chars (SPEC §1: "1 KiB"). */
    public static final int MAX_VALUE_CHARS = 1024;
    /** Longest token (device id, codec name, nonce-free identifiers), in chars. */
    public static final int MAX_TOKEN_CHARS = 64;
    /** Longest dial string (Dial, Forward, VoiceMail numbers), in chars. */
    public static final int MAX_DIAL_CHARS = 64;
    /** Most entries of any repeated child list, except phone book users. */
    public static final int MAX_LIST = 64;
    /** Most users in one PhoneBookResult (SPEC §2, id 114). */
    public static final int MAX_PHONE_BOOK_USERS = 32;
    /** Most soft keys in one SoftKeySet. */
    public static final int MAX_SOFT_KEYS_PER_SET = 32;
    /** Largest line id, speed dial index or history index. */
    public static final int MAX_INDEX = 65535;

    private WireLimits() {
    }
}
