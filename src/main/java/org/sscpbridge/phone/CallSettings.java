package org.sscpbridge.phone;

import java.time.Duration;
import org.sscpbridge.call.DigitMap;

/** What every phone's calls share: the dial plan, its timer, the voice mail pilot, call ids. */
public record CallSettings(DigitMap digitMap, Duration interdigit, String voicemailNumber, CallIdSource callIds) {}
