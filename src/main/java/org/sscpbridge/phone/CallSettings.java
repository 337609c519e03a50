package org.sscpbridge.phone;

import java.time.Duration;
import org.sscpbridge.call.DigitMap;

/**
 * What every phone's calls share: the dial plan, its timer, the voice mail pilot, call ids, and
 * whether digits keyed during a call go to the far end as SIP INFO.
 */
public record CallSettings(DigitMap digitMap, Duration interdigit, String voicemailNumber, CallIdSource callIds,
        boolean dtmfInfo) {}
