package org.sscpbridge.phone;

import static org.sscpbridge.sscp.message.SoftKey.ANSWER;
import static org.sscpbridge.sscp.message.SoftKey.BACK_SPACE;
import static org.sscpbridge.sscp.message.SoftKey.CALL_PICK_UP;
import static org.sscpbridge.sscp.message.SoftKey.CFWD_ALL;
import static org.sscpbridge.sscp.message.SoftKey.CFWD_BUSY;
import static org.sscpbridge.sscp.message.SoftKey.CFWD_NO_ANSWER;
import static org.sscpbridge.sscp.message.SoftKey.CONFERENCE;
import static org.sscpbridge.sscp.message.SoftKey.END_CALL;
import static org.sscpbridge.sscp.message.SoftKey.GROUP_CALL_PICK_UP;
import static org.sscpbridge.sscp.message.SoftKey.HOLD;
import static org.sscpbridge.sscp.message.SoftKey.INFO;
import static org.sscpbridge.sscp.message.SoftKey.JOIN;
import static org.sscpbridge.sscp.message.SoftKey.MEET_ME_CONFERENCE;
import static org.sscpbridge.sscp.message.SoftKey.NEW_CALL;
import static org.sscpbridge.sscp.message.SoftKey.PARK;
import static org.sscpbridge.sscp.message.SoftKey.PLAY;
import static org.sscpbridge.sscp.message.SoftKey.DELETE;
import static org.sscpbridge.sscp.message.SoftKey.STORE;
import static org.sscpbridge.sscp.message.SoftKey.REDIAL;
import static org.sscpbridge.sscp.message.SoftKey.RESUME;
import static org.sscpbridge.sscp.message.SoftKey.TRANSFER;

import java.util.List;
import org.sscpbridge.config.DeviceConfig;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.BridgeMessage.SoftKeySet;
import org.sscpbridge.sscp.message.CallStateName;

/**
 * The phone layout (SPEC §2 PhoneLayout) of a device: its line keys and speed dials from its
 * configuration, and the soft keys offered in each call state, modelled on Skinny's defaults.
 */
final class PhoneLayouts {
    /**
     * Per call state, the keys that act in it (SPEC §6: offer only those), most used first.
     * {@code CallControlTest} presses every offered key in its state and checks that it acts.
     */
    static final List<SoftKeySet> SOFT_KEYS = List.of(
            new SoftKeySet(CallStateName.IDLE, List.of(REDIAL, NEW_CALL, CFWD_ALL, CFWD_BUSY, CFWD_NO_ANSWER,
                    CALL_PICK_UP, GROUP_CALL_PICK_UP, MEET_ME_CONFERENCE, PLAY, DELETE)),
            new SoftKeySet(CallStateName.OFF_HOOK, List.of(REDIAL, END_CALL, CALL_PICK_UP, GROUP_CALL_PICK_UP,
                    MEET_ME_CONFERENCE, PLAY)),
            new SoftKeySet(CallStateName.DIALING, List.of(BACK_SPACE, END_CALL)),
            new SoftKeySet(CallStateName.PROCEED, List.of(END_CALL)),
            new SoftKeySet(CallStateName.RING_OUT, List.of(END_CALL, INFO)),
            new SoftKeySet(CallStateName.RING_IN, List.of(ANSWER, END_CALL, INFO)),
            new SoftKeySet(CallStateName.CONNECTED, List.of(HOLD, END_CALL, TRANSFER, CONFERENCE, JOIN, PARK, NEW_CALL,
                    INFO, STORE)),
            new SoftKeySet(CallStateName.HOLD, List.of(RESUME, NEW_CALL, END_CALL, PARK, INFO, STORE)),
            new SoftKeySet(CallStateName.BUSY, List.of(END_CALL)),
            new SoftKeySet(CallStateName.CONGESTION, List.of(END_CALL)),
            new SoftKeySet(CallStateName.INVALID_NUMBER, List.of(END_CALL)));

    private PhoneLayouts() {}

    /** The device's line keys, as RegisterAck and PhoneLayout both carry them. */
    static List<BridgeMessage.LineInfo> lineInfos(DeviceConfig config) {
        return config.lines().stream()
                .map(l -> new BridgeMessage.LineInfo(l.index(), l.number(), l.name().isEmpty() ? null : l.name()))
                .toList();
    }

    static BridgeMessage.PhoneLayout of(DeviceConfig config) {
        List<BridgeMessage.LineInfo> lines = lineInfos(config);
        List<BridgeMessage.SpeedDialInfo> dials = config.speedDials().stream()
                .map(d -> new BridgeMessage.SpeedDialInfo(d.index(), d.number(), d.label()))
                .toList();
        return new BridgeMessage.PhoneLayout(lines, dials, SOFT_KEYS, config.deviceId());
    }
}
