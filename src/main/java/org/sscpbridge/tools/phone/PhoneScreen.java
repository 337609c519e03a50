package org.sscpbridge.tools.phone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.BridgeMessage.CallHistoryResult;
import org.sscpbridge.sscp.message.BridgeMessage.ForwardInfo;
import org.sscpbridge.sscp.message.BridgeMessage.Lamp;
import org.sscpbridge.sscp.message.BridgeMessage.LineInfo;
import org.sscpbridge.sscp.message.BridgeMessage.PhoneBookResult;
import org.sscpbridge.sscp.message.BridgeMessage.SpeedDialInfo;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.RingerMode;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.ToneType;

/**
 * What the simulated phone shows and knows, updated from the bridge's messages: line keys, calls,
 * display, soft keys per call state, lamp, ringer, tone, forwards and the last phone book and
 * history answers. Holds no behaviour beyond bookkeeping.
 *
 * <p>Thread-safety: not thread-safe; confined to the phone's serial executor.
 */
public final class PhoneScreen {
    private Registration registration = Registration.UNREGISTERED;
    private int keepaliveSeconds;
    private final Map<Integer, LineInfo> lines = new TreeMap<>();
    private final List<SpeedDialInfo> speedDials = new ArrayList<>();
    private final Map<CallStateName, List<SoftKey>> softKeySets = new EnumMap<>(CallStateName.class);
    private String title;
    private final Map<CallId, CallView> calls = new LinkedHashMap<>();
    private CallId currentCall;
    private String displayText = "";
    private Instant displayUntil;
    private Lamp lamp;
    private RingerMode ringer = RingerMode.OFF;
    private ToneType tone = ToneType.OFF;
    private List<ForwardInfo> forwards = List.of();
    private PhoneBookResult phoneBook;
    private CallHistoryResult history;
    private String lastError;
    private boolean offHook;
    private OnOff headset = OnOff.OFF;
    private OnOff dnd = OnOff.OFF;

    // ---------------------------------------------------------------- updates

    public void registration(Registration state) {
        registration = state;
    }

    public void registered(BridgeMessage.RegisterAck ack) {
        registration = Registration.REGISTERED;
        keepaliveSeconds = ack.keepaliveSeconds();
        lines.clear();
        ack.lines().forEach(l -> lines.put(l.id(), l));
    }

    public void layout(BridgeMessage.PhoneLayout layout) {
        if (!layout.lines().isEmpty()) {
            lines.clear();
            layout.lines().forEach(l -> lines.put(l.id(), l));
        }
        speedDials.clear();
        speedDials.addAll(layout.speedDials());
        softKeySets.clear();
        layout.softKeySets().forEach(s -> softKeySets.put(s.state(), s.keys()));
        title = layout.title();
    }

    public void callState(BridgeMessage.CallState state) {
        CallView previous = calls.get(state.callId());
        BridgeMessage.Party party = state.party() != null ? state.party() : previous != null ? previous.party() : null;
        if (state.state() == CallStateName.IDLE) {
            calls.remove(state.callId());
            if (state.callId().equals(currentCall)) {
                currentCall = calls.isEmpty() ? null : List.copyOf(calls.keySet()).get(calls.size() - 1);
            }
        } else {
            calls.put(state.callId(), new CallView(state.callId(), state.line(), state.state(), party));
            currentCall = state.callId();
        }
    }

    public void display(BridgeMessage.Display display, Instant now) {
        displayText = display.text();
        displayUntil = display.timeoutSeconds() == 0 ? null : now.plusSeconds(display.timeoutSeconds());
    }

    public void lamp(Lamp lamp) {
        this.lamp = lamp;
    }

    public void ringer(RingerMode mode) {
        ringer = mode;
    }

    public void tone(ToneType type) {
        tone = type;
    }

    public void forwards(List<ForwardInfo> forwards) {
        this.forwards = List.copyOf(forwards);
    }

    public void phoneBook(PhoneBookResult result) {
        phoneBook = result;
    }

    public void history(CallHistoryResult result) {
        history = result;
    }

    public void error(String text) {
        lastError = text;
    }

    public void hook(boolean offHook) {
        this.offHook = offHook;
    }

    public void headset(OnOff mode) {
        headset = mode;
    }

    public void dnd(OnOff mode) {
        dnd = mode;
    }

    /** Forgets the calls (after a Reset or a lost registration: the bridge has ended them). */
    public void clearCalls() {
        calls.clear();
        currentCall = null;
        ringer = RingerMode.OFF;
        tone = ToneType.OFF;
    }

    // ---------------------------------------------------------------- reads

    public Registration registration() {
        return registration;
    }

    public int keepaliveSeconds() {
        return keepaliveSeconds;
    }

    public Map<Integer, LineInfo> lines() {
        return Map.copyOf(lines);
    }

    public List<SpeedDialInfo> speedDials() {
        return List.copyOf(speedDials);
    }

    public String title() {
        return title;
    }

    public List<CallView> calls() {
        return List.copyOf(calls.values());
    }

    /** The call the user is looking at: the last one that changed and is not idle. */
    public CallView currentCall() {
        return currentCall == null ? null : calls.get(currentCall);
    }

    /** The ringing call, if any (Answer applies to it). */
    public CallView ringingCall() {
        return calls.values().stream().filter(c -> c.state() == CallStateName.RING_IN).reduce((a, b) -> b).orElse(null);
    }

    /** The display text, or "" once its timeout has passed. */
    public String displayText(Instant now) {
        return displayUntil != null && now.isAfter(displayUntil) ? "" : displayText;
    }

    /** The soft keys of the current call's state (Idle when there is no call). */
    public List<SoftKey> softKeys() {
        CallView call = currentCall();
        CallStateName state = call == null ? (offHook ? CallStateName.OFF_HOOK : CallStateName.IDLE) : call.state();
        return softKeySets.getOrDefault(state, List.of());
    }

    public Lamp lamp() {
        return lamp;
    }

    public RingerMode ringer() {
        return ringer;
    }

    public ToneType tone() {
        return tone;
    }

    public List<ForwardInfo> forwards() {
        return forwards;
    }

    public PhoneBookResult phoneBook() {
        return phoneBook;
    }

    public CallHistoryResult history() {
        return history;
    }

    public String lastError() {
        return lastError;
    }

    public boolean offHook() {
        return offHook;
    }

    public OnOff headset() {
        return headset;
    }

    public OnOff dnd() {
        return dnd;
    }
}
