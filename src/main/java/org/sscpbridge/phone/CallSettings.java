package org.sscpbridge.phone;

import java.time.Duration;
import org.sscpbridge.call.DigitMap;
import org.sscpbridge.config.BridgeConfig;

/**
 * What every phone's calls share: the dial plan, its timer, the PBX numbers the soft keys call
 * (voice mail, park, pickup, meet-me, conference) with the no-answer forward delay, call ids, and
 * whether digits keyed during a call go to the far end as SIP INFO.
 */
public record CallSettings(DigitMap digitMap, Duration interdigit, BridgeConfig.FeatureNumbers features,
        CallIdSource callIds, boolean dtmfInfo) {}
