package org.sscpbridge.sscp.codec;

import static org.sscpbridge.sscp.codec.Fields.construct;
import static org.sscpbridge.sscp.codec.Fields.enumOr;
import static org.sscpbridge.sscp.codec.Fields.intOr;
import static org.sscpbridge.sscp.codec.Fields.optionalEnum;
import static org.sscpbridge.sscp.codec.Fields.optionalInstant;
import static org.sscpbridge.sscp.codec.Fields.requiredBoolean;
import static org.sscpbridge.sscp.codec.Fields.requiredCallId;
import static org.sscpbridge.sscp.codec.Fields.requiredChild;
import static org.sscpbridge.sscp.codec.Fields.requiredEnum;
import static org.sscpbridge.sscp.codec.Fields.requiredInstant;
import static org.sscpbridge.sscp.codec.Fields.requiredInt;
import static org.sscpbridge.sscp.codec.Fields.requiredText;
import static org.sscpbridge.sscp.codec.Fields.requiredToken;
import static org.sscpbridge.sscp.codec.Fields.text;
import static org.sscpbridge.sscp.codec.Fields.token;
import static org.sscpbridge.sscp.codec.PhoneMessageBodies.writeCallId;
import static org.sscpbridge.sscp.codec.PhoneMessageBodies.writeMedia;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sscpbridge.sscp.message.BridgeMessage.CallHistoryResult;
import org.sscpbridge.sscp.message.BridgeMessage.CallState;
import org.sscpbridge.sscp.message.BridgeMessage.CodecInfo;
import org.sscpbridge.sscp.message.BridgeMessage.Display;
import org.sscpbridge.sscp.message.BridgeMessage.Error;
import org.sscpbridge.sscp.message.BridgeMessage.ForwardInfo;
import org.sscpbridge.sscp.message.BridgeMessage.ForwardStatus;
import org.sscpbridge.sscp.message.BridgeMessage.HistoryEntry;
import org.sscpbridge.sscp.message.BridgeMessage.Lamp;
import org.sscpbridge.sscp.message.BridgeMessage.LineInfo;
import org.sscpbridge.sscp.message.BridgeMessage.MessageCounts;
import org.sscpbridge.sscp.message.BridgeMessage.OpenMedia;
import org.sscpbridge.sscp.message.BridgeMessage.Party;
import org.sscpbridge.sscp.message.BridgeMessage.PhoneBookResult;
import org.sscpbridge.sscp.message.BridgeMessage.PhoneLayout;
import org.sscpbridge.sscp.message.BridgeMessage.RegisterAck;
import org.sscpbridge.sscp.message.BridgeMessage.RegisterReject;
import org.sscpbridge.sscp.message.BridgeMessage.Reset;
import org.sscpbridge.sscp.message.BridgeMessage.Ringer;
import org.sscpbridge.sscp.message.BridgeMessage.SoftKeySet;
import org.sscpbridge.sscp.message.BridgeMessage.SpeedDialInfo;
import org.sscpbridge.sscp.message.BridgeMessage.StartMedia;
import org.sscpbridge.sscp.message.BridgeMessage.StopMedia;
import org.sscpbridge.sscp.message.BridgeMessage.Tone;
import org.sscpbridge.sscp.message.CallDirection;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.LampMode;
import org.sscpbridge.sscp.message.LampType;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.MediaDirection;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.ResetType;
import org.sscpbridge.sscp.message.RingerMode;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.ToneType;
import org.sscpbridge.sscp.message.WireEnum;
import org.sscpbridge.sscp.message.WireLimits;

/**
 * The bodies of bridge messages (SPEC §2, ids 101–119): each message's reader next to its
 * writer. Messages without a body (UnregisterAck, KeepAliveAck, Ack) need neither.
 */
final class BridgeMessageBodies {
    /**
     * SPEC §2 shows {@code <SoftKeySet state="OnHook">}, Skinny's name for the idle phone's set,
     * while CallState calls that state Idle: both are read as IDLE, and IDLE is written "OnHook".
     */
    static final String SOFT_KEY_SET_IDLE = "OnHook";

    private BridgeMessageBodies() {
    }

    // 101 RegisterAck: <Session keepalive time/> <Line id number label/>*

    static RegisterAck readRegisterAck(XmlElement root) {
        XmlElement session = requiredChild(root, "Session");
        int keepalive = requiredInt(session, "keepalive", 1, 86_400);
        Instant time = optionalInstant(session, "time");
        return construct(root, () -> new RegisterAck(keepalive, time, readLines(root)));
    }

    static void writeRegisterAck(RegisterAck m, XmlOut out) {
        out.start("Session").attr("keepalive", m.keepaliveSeconds())
                .attr("time", m.time() == null ? null : m.time().toString()).end();
        writeLines(m.lines(), out);
    }

    // 102 RegisterReject: <Reason code text/> <Challenge nonce/>?

    static RegisterReject readRegisterReject(XmlElement root) {
        XmlElement reason = requiredChild(root, "Reason");
        int code = requiredInt(reason, "code", 100, 699);
        String text = textOrEmpty(reason, "text");
        XmlElement challenge = root.child("Challenge");
        String nonce = challenge == null ? null : requiredText(challenge, "nonce");
        return new RegisterReject(code, text, nonce);
    }

    static void writeRegisterReject(RegisterReject m, XmlOut out) {
        out.start("Reason").attr("code", m.code()).attr("text", m.text()).end();
        if (m.challengeNonce() != null) {
            out.start("Challenge").attr("nonce", m.challengeNonce()).end();
        }
    }

    // 105 PhoneLayout: <Line/>* <SpeedDial index number label/>* <SoftKeySet state keys/>* <Title text/>?

    static PhoneLayout readPhoneLayout(XmlElement root) {
        List<LineInfo> lines = readLines(root);
        List<SpeedDialInfo> speedDials = new ArrayList<>();
        for (XmlElement e : root.children("SpeedDial")) {
            int index = requiredInt(e, "index", 1, WireLimits.MAX_INDEX);
            String number = requiredText(e, "number");
            String label = text(e, "label");
            speedDials.add(new SpeedDialInfo(index, number, label));
        }
        List<SoftKeySet> sets = new ArrayList<>();
        for (XmlElement e : root.children("SoftKeySet")) {
            sets.add(readSoftKeySet(e));
        }
        XmlElement titleElement = root.child("Title");
        String title = titleElement == null ? null : requiredText(titleElement, "text");
        return construct(root, () -> new PhoneLayout(lines, speedDials, sets, title));
    }

    private static SoftKeySet readSoftKeySet(XmlElement e) {
        String stateText = requiredToken(e, "state");
        CallStateName state = WireEnum.asciiEqualsIgnoreCase(stateText, SOFT_KEY_SET_IDLE)
                ? CallStateName.IDLE
                : Fields.parseEnum(e, "state", stateText, CallStateName.class);
        String keysText = token(e, "keys");
        List<SoftKey> keys = new ArrayList<>();
        if (keysText != null && !keysText.isEmpty()) {
            for (String item : keysText.split(",", -1)) {
                long id = Fields.parseDecimal(Fields.trim(item), 1, Integer.MAX_VALUE);
                keys.add(SoftKey.byId((int) id).orElseThrow(
                        () -> Fields.bad(e, "keys", keysText, "is not a comma-separated list of soft key ids (1..21)")));
            }
        }
        return construct(e, () -> new SoftKeySet(state, keys));
    }

    static void writePhoneLayout(PhoneLayout m, XmlOut out) {
        writeLines(m.lines(), out);
        for (SpeedDialInfo s : m.speedDials()) {
            out.start("SpeedDial").attr("index", s.index()).attr("number", s.number()).attr("label", s.label()).end();
        }
        for (SoftKeySet set : m.softKeySets()) {
            String state = set.state() == CallStateName.IDLE ? SOFT_KEY_SET_IDLE : set.state().wireName();
            StringBuilder keys = new StringBuilder(set.keys().size() * 3);
            for (SoftKey key : set.keys()) {
                if (keys.length() > 0) {
                    keys.append(',');
                }
                keys.append(key.id());
            }
            out.start("SoftKeySet").attr("state", state).attr("keys", keys.toString()).end();
        }
        if (m.title() != null) {
            out.start("Title").attr("text", m.title()).end();
        }
    }

    // 106 CallState: <Call id line state/> <Party number name direction/>?

    static CallState readCallState(XmlElement root) {
        XmlElement call = requiredChild(root, "Call");
        CallId callId = requiredCallId(call, "id");
        int line = requiredInt(call, "line", 1, WireLimits.MAX_INDEX);
        CallStateName state = requiredEnum(call, "state", CallStateName.class);
        XmlElement partyElement = root.child("Party");
        Party party = partyElement == null ? null
                : new Party(text(partyElement, "number"), text(partyElement, "name"),
                        optionalEnum(partyElement, "direction", CallDirection.class));
        return new CallState(callId, line, state, party);
    }

    static void writeCallState(CallState m, XmlOut out) {
        out.start("Call").attr("id", m.callId().value()).attr("line", m.line()).attr("state", m.state().wireName()).end();
        Party p = m.party();
        if (p != null) {
            out.start("Party").attr("number", p.number()).attr("name", p.name())
                    .attr("direction", p.direction() == null ? null : p.direction().wireName()).end();
        }
    }

    // 107 Display: <Text timeout>..</Text>

    static Display readDisplay(XmlElement root) {
        XmlElement text = requiredChild(root, "Text");
        int timeout = intOr(text, "timeout", 0, 86_400, 0);
        return construct(text, () -> new Display(text.text(), timeout));
    }

    static void writeDisplay(Display m, XmlOut out) {
        out.start("Text").attr("timeout", m.timeoutSeconds()).text(m.text()).end();
    }

    // 108 Ringer: <Mode type/>; 109 Tone: <Tone type/>

    static Ringer readRinger(XmlElement root) {
        return new Ringer(requiredEnum(requiredChild(root, "Mode"), "type", RingerMode.class));
    }

    static void writeRinger(Ringer m, XmlOut out) {
        out.start("Mode").attr("type", m.mode().wireName()).end();
    }

    static Tone readTone(XmlElement root) {
        return new Tone(requiredEnum(requiredChild(root, "Tone"), "type", ToneType.class));
    }

    static void writeTone(Tone m, XmlOut out) {
        out.start("Tone").attr("type", m.tone().wireName()).end();
    }

    // 110 OpenMedia: <CallIdentifier id/> <Codec name ptime/>

    static OpenMedia readOpenMedia(XmlElement root) {
        return new OpenMedia(readCallId(root), readCodec(root));
    }

    static void writeOpenMedia(OpenMedia m, XmlOut out) {
        writeCallId(m.callId(), out);
        writeCodec(m.codec(), out);
    }

    // 111 StartMedia: <CallIdentifier id/> <Remote ip port/> <Codec name ptime/> <Direction mode/>?

    static StartMedia readStartMedia(XmlElement root) {
        CallId callId = readCallId(root);
        MediaAddress remote = Fields.mediaAddress(requiredChild(root, "Remote"));
        CodecInfo codec = readCodec(root);
        XmlElement direction = root.child("Direction");
        MediaDirection mode = direction == null ? MediaDirection.SEND_RECV
                : enumOr(direction, "mode", MediaDirection.class, MediaDirection.SEND_RECV);
        return new StartMedia(callId, remote, codec, mode);
    }

    static void writeStartMedia(StartMedia m, XmlOut out) {
        writeCallId(m.callId(), out);
        writeMedia("Remote", m.remote(), null, out);
        writeCodec(m.codec(), out);
        out.start("Direction").attr("mode", m.direction().wireName()).end();
    }

    // 112 StopMedia: <CallIdentifier id/>

    static StopMedia readStopMedia(XmlElement root) {
        return new StopMedia(readCallId(root));
    }

    static void writeStopMedia(StopMedia m, XmlOut out) {
        writeCallId(m.callId(), out);
    }

    // 113 Lamp: <Lamp type mode/> <Messages new old/>?

    static Lamp readLamp(XmlElement root) {
        XmlElement lamp = requiredChild(root, "Lamp");
        LampType type = enumOr(lamp, "type", LampType.class, LampType.MESSAGE_WAITING);
        LampMode mode = requiredEnum(lamp, "mode", LampMode.class);
        XmlElement messages = root.child("Messages");
        MessageCounts counts = messages == null ? null
                : new MessageCounts(intOr(messages, "new", 0, Integer.MAX_VALUE, 0),
                        intOr(messages, "old", 0, Integer.MAX_VALUE, 0));
        return new Lamp(type, mode, counts);
    }

    static void writeLamp(Lamp m, XmlOut out) {
        out.start("Lamp").attr("type", m.lampType().wireName()).attr("mode", m.mode().wireName()).end();
        if (m.messages() != null) {
            out.start("Messages").attr("new", m.messages().newCount()).attr("old", m.messages().oldCount()).end();
        }
    }

    // 114 PhoneBookResult: <Result total code/> <User id lastname firstname number/>*

    static PhoneBookResult readPhoneBookResult(XmlElement root) {
        XmlElement result = requiredChild(root, "Result");
        int total = requiredInt(result, "total", 0, Integer.MAX_VALUE);
        int code = intOr(result, "code", 100, 699, 200);
        List<PhoneBookEntry> users = new ArrayList<>();
        for (XmlElement e : root.children("User")) {
            users.add(PhoneMessageBodies.readUser(e));
        }
        return construct(root, () -> new PhoneBookResult(total, code, users));
    }

    static void writePhoneBookResult(PhoneBookResult m, XmlOut out) {
        out.start("Result").attr("total", m.total()).attr("code", m.code()).end();
        for (PhoneBookEntry user : m.users()) {
            out.start("User");
            PhoneMessageBodies.writeUserAttributes(user, out);
            out.end();
        }
    }

    // 115 CallHistoryResult: <Entry index type number name time duration/>*

    static CallHistoryResult readCallHistoryResult(XmlElement root) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (XmlElement e : root.children("Entry")) {
            int index = requiredInt(e, "index", 1, WireLimits.MAX_INDEX);
            HistoryType type = requiredEnum(e, "type", HistoryType.class);
            String number = textOrEmpty(e, "number");
            String name = text(e, "name");
            Instant time = requiredInstant(e, "time");
            int duration = intOr(e, "duration", 0, Integer.MAX_VALUE, 0);
            entries.add(construct(e, () -> new HistoryEntry(index, type, number, name, time, duration)));
        }
        return construct(root, () -> new CallHistoryResult(entries));
    }

    static void writeCallHistoryResult(CallHistoryResult m, XmlOut out) {
        for (HistoryEntry e : m.entries()) {
            out.start("Entry").attr("index", e.index()).attr("type", e.historyType().wireName())
                    .attr("number", e.number()).attr("name", e.name()).attr("time", e.time().toString())
                    .attr("duration", e.durationSeconds()).end();
        }
    }

    // 116 ForwardStatus: <Forward type number active/>*

    static ForwardStatus readForwardStatus(XmlElement root) {
        List<ForwardInfo> forwards = new ArrayList<>();
        for (XmlElement e : root.children("Forward")) {
            forwards.add(new ForwardInfo(requiredEnum(e, "type", ForwardType.class), text(e, "number"),
                    requiredBoolean(e, "active")));
        }
        return construct(root, () -> new ForwardStatus(forwards));
    }

    static void writeForwardStatus(ForwardStatus m, XmlOut out) {
        for (ForwardInfo f : m.forwards()) {
            out.start("Forward").attr("type", f.forwardType().wireName()).attr("number", f.number())
                    .attr("active", f.active() ? "true" : "false").end();
        }
    }

    // 117 Error: <Reason code text/>

    static Error readError(XmlElement root) {
        XmlElement reason = requiredChild(root, "Reason");
        return new Error(requiredInt(reason, "code", 100, 699), textOrEmpty(reason, "text"));
    }

    static void writeError(Error m, XmlOut out) {
        out.start("Reason").attr("code", m.code()).attr("text", m.text()).end();
    }

    // 119 Reset: <Reset type/>

    static Reset readReset(XmlElement root) {
        return new Reset(requiredEnum(requiredChild(root, "Reset"), "type", ResetType.class));
    }

    static void writeReset(Reset m, XmlOut out) {
        out.start("Reset").attr("type", m.resetType().wireName()).end();
    }

    // Shared children

    private static List<LineInfo> readLines(XmlElement root) {
        List<LineInfo> lines = new ArrayList<>();
        for (XmlElement e : root.children("Line")) {
            int id = requiredInt(e, "id", 1, WireLimits.MAX_INDEX);
            String number = requiredText(e, "number");
            String label = text(e, "label");
            lines.add(new LineInfo(id, number, label));
        }
        return lines;
    }

    private static void writeLines(List<LineInfo> lines, XmlOut out) {
        for (LineInfo line : lines) {
            out.start("Line").attr("id", line.id()).attr("number", line.number()).attr("label", line.label()).end();
        }
    }

    private static CallId readCallId(XmlElement root) {
        return requiredCallId(requiredChild(root, "CallIdentifier"), "id");
    }

    private static CodecInfo readCodec(XmlElement root) {
        XmlElement codec = requiredChild(root, "Codec");
        String name = requiredToken(codec, "name");
        int ptime = intOr(codec, "ptime", 1, 1000, CodecInfo.DEFAULT_PTIME);
        return construct(codec, () -> new CodecInfo(name, ptime));
    }

    private static void writeCodec(CodecInfo codec, XmlOut out) {
        out.start("Codec").attr("name", codec.name()).attr("ptime", codec.ptimeMillis()).end();
    }

    /** Reason texts and history numbers: absent is the same as empty. */
    private static String textOrEmpty(XmlElement e, String attribute) {
        String value = text(e, attribute);
        return value == null ? "" : value;
    }
}
