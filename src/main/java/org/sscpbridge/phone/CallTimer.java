package org.sscpbridge.phone;

/** The timers one call may run; starting one cancels the running timer of the same kind. */
enum CallTimer {
    /** Off hook without a first digit (15 s). */
    FIRST_DIGIT,
    /** Between digits: the digit map's "complete on timeout". */
    INTERDIGIT,
    /** OpenMedia without MediaInfo (4 s): fall back to the Register's media address, else fail. */
    MEDIA_INFO,
    /** A NoAnswer forward: the ringing call is sent on (forward.noanswer.timeout). */
    NO_ANSWER
}
