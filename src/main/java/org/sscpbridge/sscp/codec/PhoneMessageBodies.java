package org.sscpbridge.sscp.codec;

import static org.sscpbridge.sscp.codec.Fields.construct;
import static org.sscpbridge.sscp.codec.Fields.enumOr;
import static org.sscpbridge.sscp.codec.Fields.intOr;
import static org.sscpbridge.sscp.codec.Fields.optionalCallIdChild;
import static org.sscpbridge.sscp.codec.Fields.optionalEnum;
import static org.sscpbridge.sscp.codec.Fields.optionalInt;
import static org.sscpbridge.sscp.codec.Fields.requiredCallId;
import static org.sscpbridge.sscp.codec.Fields.requiredChild;
import static org.sscpbridge.sscp.codec.Fields.requiredEnum;
import static org.sscpbridge.sscp.codec.Fields.requiredInt;
import static org.sscpbridge.sscp.codec.Fields.requiredText;
import static org.sscpbridge.sscp.codec.Fields.requiredToken;
import static org.sscpbridge.sscp.codec.Fields.text;
import static org.sscpbridge.sscp.codec.Fields.token;

import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage.CallHistory;
import org.sscpbridge.sscp.message.PhoneMessage.Dial;
import org.sscpbridge.sscp.message.PhoneMessage.Digit;
import org.sscpbridge.sscp.message.PhoneMessage.Forward;
import org.sscpbridge.sscp.message.PhoneMessage.HeadsetStatus;
import org.sscpbridge.sscp.message.PhoneMessage.HistoryDeleteAll;
import org.sscpbridge.sscp.message.PhoneMessage.HistoryDeleteEntry;
import org.sscpbridge.sscp.message.PhoneMessage.HistoryQuery;
import org.sscpbridge.sscp.message.PhoneMessage.HistoryRequest;
import org.sscpbridge.sscp.message.PhoneMessage.MediaInfo;
import org.sscpbridge.sscp.message.PhoneMessage.OffHook;
import org.sscpbridge.sscp.message.PhoneMessage.OnHook;
import org.sscpbridge.sscp.message.PhoneMessage.PhoneBook;
import org.sscpbridge.sscp.message.PhoneMessage.PhoneStatus;
import org.sscpbridge.sscp.message.PhoneMessage.Register;
import org.sscpbridge.sscp.message.PhoneMessage.SoftKeyEvent;
import org.sscpbridge.sscp.message.PhoneMessage.SpeedDial;
import org.sscpbridge.sscp.message.PhoneMessage.VoiceMail;
import org.sscpbridge.sscp.message.SoftKey;
import org.sscpbridge.sscp.message.WireEnum;
import org.sscpbridge.sscp.message.WireLimits;

/**
 * The bodies of phone messages (SPEC §2, ids 1–17): each message's reader next to its writer, so
 * the two stay mirror images. Messages without a body (Unregister, KeepAlive, LayoutRequest, Ack)
 * need neither.
 */
final class PhoneMessageBodies {
    /** What the seed prints as HeadsetStatus Mode@type: a placeholder for On or Off, not a value. */
    static final String SEED_PLACEHOLDER = "On/Off";

    private PhoneMessageBodies() {
    }

    // 1 Register: <Device id model firmware/> <Media ip port/>? <Auth response/>?

    static Register readRegister(XmlElement root) {
        XmlElement device = requiredChild(root, "Device");
        String id = requiredToken(device, "id");
        String model = text(device, "model");
        String firmware = text(device, "firmware");
        XmlElement mediaElement = root.child("Media");
        MediaAddress media = mediaElement == null ? null : Fields.mediaAddress(mediaElement);
        XmlElement auth = root.child("Auth");
        String response = auth == null ? null : requiredText(auth, "response");
        return construct(device, () -> new Register(id, model, firmware, media, response));
    }

    static void writeRegister(Register m, XmlOut out) {
        out.start("Device").attr("id", m.deviceId()).attr("model", m.model()).attr("firmware", m.firmware()).end();
        if (m.media() != null) {
            writeMedia("Media", m.media(), null, out);
        }
        if (m.authResponse() != null) {
            out.start("Auth").attr("response", m.authResponse()).end();
        }
    }

    // 4 PhoneStatus: <Hook state/>? <Dnd mode/>? <Line id/>?

    static PhoneStatus readPhoneStatus(XmlElement root) {
        XmlElement hook = root.child("Hook");
        XmlElement dnd = root.child("Dnd");
        OnOff hookState = hook == null ? null : requiredEnum(hook, "state", OnOff.class);
        OnOff dndMode = dnd == null ? null : requiredEnum(dnd, "mode", OnOff.class);
        return new PhoneStatus(hookState, dndMode, readLine(root));
    }

    static void writePhoneStatus(PhoneStatus m, XmlOut out) {
        if (m.hook() != null) {
            out.start("Hook").attr("state", m.hook().wireName()).end();
        }
        if (m.dnd() != null) {
            out.start("Dnd").attr("mode", m.dnd().wireName()).end();
        }
        writeLine(m.line(), out);
    }

    // 5 OffHook, 6 OnHook: <Line id/>?

    static OffHook readOffHook(XmlElement root) {
        return new OffHook(readLine(root));
    }

    static void writeOffHook(OffHook m, XmlOut out) {
        writeLine(m.line(), out);
    }

    static OnHook readOnHook(XmlElement root) {
        return new OnHook(readLine(root));
    }

    static void writeOnHook(OnHook m, XmlOut out) {
        writeLine(m.line(), out);
    }

    // 7 Digit: <Key value/> <CallIdentifier id/>?

    static Digit readDigit(XmlElement root) {
        XmlElement key = requiredChild(root, "Key");
        String value = requiredToken(key, "value");
        if (value.length() != 1 || !Digit.isKey(value.charAt(0))) {
            throw Fields.bad(key, "value", value, "is not one of 0-9 * #");
        }
        return new Digit(value.charAt(0), optionalCallIdChild(root, "CallIdentifier"));
    }

    static void writeDigit(Digit m, XmlOut out) {
        out.start("Key").attr("value", String.valueOf(m.key())).end();
        writeCallId(m.callId(), out);
    }

    // 8 Dial: <Number value/> <Line id/>?

    static Dial readDial(XmlElement root) {
        XmlElement number = requiredChild(root, "Number");
        String value = requiredToken(number, "value");
        Integer line = readLine(root);
        return construct(number, () -> new Dial(value, line));
    }

    static void writeDial(Dial m, XmlOut out) {
        out.start("Number").attr("value", m.number()).end();
        writeLine(m.line(), out);
    }

    // 9 SpeedDial: <SpeedDial number/>, the number being the index

    static SpeedDial readSpeedDial(XmlElement root) {
        XmlElement speedDial = requiredChild(root, "SpeedDial");
        return new SpeedDial(requiredInt(speedDial, "number", 1, WireLimits.MAX_INDEX));
    }

    static void writeSpeedDial(SpeedDial m, XmlOut out) {
        out.start("SpeedDial").attr("number", m.index()).end();
    }

    // 10 Forward: <Address number type/>; empty or missing number cancels

    static Forward readForward(XmlElement root) {
        XmlElement address = requiredChild(root, "Address");
        String number = token(address, "number");
        ForwardType type = enumOr(address, "type", ForwardType.class, ForwardType.ALL);
        return construct(address, () -> new Forward(type, number));
    }

    static void writeForward(Forward m, XmlOut out) {
        out.start("Address").attr("number", m.number()).attr("type", m.forwardType().wireName()).end();
    }

    // 11 HeadsetStatus: <Mode type/>

    static HeadsetStatus readHeadsetStatus(XmlElement root) {
        XmlElement mode = requiredChild(root, "Mode");
        String type = requiredToken(mode, "type");
        if (WireEnum.asciiEqualsIgnoreCase(type, SEED_PLACEHOLDER)) {
            throw Fields.bad(mode, "type", type, "is the seed's placeholder, not a value (On or Off)");
        }
        return new HeadsetStatus(Fields.parseEnum(mode, "type", type, OnOff.class));
    }

    static void writeHeadsetStatus(HeadsetStatus m, XmlOut out) {
        out.start("Mode").attr("type", m.mode().wireName()).end();
    }

    // 12 SoftKeyEvent: <Event id name/> <CallIdentifier id/>? <Group id/>?; the id wins over the name

    static SoftKeyEvent readSoftKeyEvent(XmlElement root) {
        XmlElement event = requiredChild(root, "Event");
        SoftKey key = readSoftKey(event);
        CallId callId = optionalCallIdChild(root, "CallIdentifier");
        XmlElement group = root.child("Group");
        Integer groupId = group == null ? null : requiredInt(group, "id", 0, WireLimits.MAX_INDEX);
        return new SoftKeyEvent(key, callId, groupId);
    }

    private static SoftKey readSoftKey(XmlElement event) {
        Integer id = optionalInt(event, "id", 0, Integer.MAX_VALUE);
        if (id != null) {
            return SoftKey.byId(id).orElseThrow(() -> Fields.bad(event, "id", String.valueOf(id), "is not a soft key id (1..21)"));
        }
        String name = token(event, "name");
        if (name == null) {
            throw new MessageFormatException("element Event needs attribute id or name");
        }
        return SoftKey.byLabel(name).orElseThrow(() -> Fields.bad(event, "name", name, "is not a soft key label"));
    }

    static void writeSoftKeyEvent(SoftKeyEvent m, XmlOut out) {
        out.start("Event").attr("id", m.key().id()).attr("name", m.key().label()).end();
        writeCallId(m.callId(), out);
        if (m.group() != null) {
            out.start("Group").attr("id", m.group()).end();
        }
    }

    // 13 CallHistory: <Query type max/> or <Delete index/> or <Delete type/>

    static CallHistory readCallHistory(XmlElement root) {
        XmlElement query = root.child("Query");
        XmlElement delete = root.child("Delete");
        if ((query == null) == (delete == null)) {
            throw new MessageFormatException("CallHistory needs exactly one of Query or Delete");
        }
        HistoryRequest request;
        if (query != null) {
            request = new HistoryQuery(enumOr(query, "type", HistoryType.class, HistoryType.ALL),
                    intOr(query, "max", 1, WireLimits.MAX_LIST, HistoryQuery.DEFAULT_MAX));
        } else if (delete.attribute("index") != null) {
            request = new HistoryDeleteEntry(requiredInt(delete, "index", 1, WireLimits.MAX_INDEX));
        } else {
            request = new HistoryDeleteAll(requiredEnum(delete, "type", HistoryType.class));
        }
        return new CallHistory(request);
    }

    static void writeCallHistory(CallHistory m, XmlOut out) {
        HistoryRequest request = m.request();
        if (request instanceof HistoryQuery q) {
            out.start("Query").attr("type", q.historyType().wireName()).attr("max", q.max()).end();
        } else if (request instanceof HistoryDeleteEntry d) {
            out.start("Delete").attr("index", d.index()).end();
        } else if (request instanceof HistoryDeleteAll d) {
            out.start("Delete").attr("type", d.historyType().wireName()).end();
        }
    }

    // 14 PhoneBook: <User id lastname firstname number action start/>

    static PhoneBook readPhoneBook(XmlElement root) {
        XmlElement user = requiredChild(root, "User");
        PhoneBookAction action = enumOr(user, "action", PhoneBookAction.class, PhoneBookAction.SEARCH);
        int start = Fields.intOr(user, "start", 0, WireLimits.MAX_INDEX, 0);
        PhoneBookEntry entry = readUser(user);
        return construct(root, () -> new PhoneBook(action, entry, start));
    }

    static void writePhoneBook(PhoneBook m, XmlOut out) {
        out.start("User");
        writeUserAttributes(m.user(), out);
        out.attr("action", m.action().wireName());
        if (m.start() > 0) {
            out.attr("start", String.valueOf(m.start()));
        }
        out.end();
    }

    /** {@code <User id lastname firstname number/>}, shared with PhoneBookResult. */
    static PhoneBookEntry readUser(XmlElement user) {
        String id = text(user, "id");
        String lastName = text(user, "lastname");
        String firstName = text(user, "firstname");
        String number = text(user, "number");
        return construct(user, () -> new PhoneBookEntry(id, lastName, firstName, number));
    }

    static void writeUserAttributes(PhoneBookEntry user, XmlOut out) {
        out.attr("id", user.id()).attr("lastname", user.lastName()).attr("firstname", user.firstName())
                .attr("number", user.number());
    }

    // 15 VoiceMail: <Mailbox number/>?

    static VoiceMail readVoiceMail(XmlElement root) {
        XmlElement mailbox = root.child("Mailbox");
        if (mailbox == null) {
            return new VoiceMail(null);
        }
        String number = token(mailbox, "number");
        String given = number == null || number.isEmpty() ? null : number; // empty: the line's own
        return construct(mailbox, () -> new VoiceMail(given));
    }

    static void writeVoiceMail(VoiceMail m, XmlOut out) {
        if (m.mailbox() != null) {
            out.start("Mailbox").attr("number", m.mailbox()).end();
        }
    }

    // 16 MediaInfo: <CallIdentifier id/> <Media ip port codec/>

    static MediaInfo readMediaInfo(XmlElement root) {
        CallId callId = requiredCallId(requiredChild(root, "CallIdentifier"), "id");
        XmlElement media = requiredChild(root, "Media");
        MediaAddress address = Fields.mediaAddress(media);
        String codec = token(media, "codec");
        return construct(media, () -> new MediaInfo(callId, address, codec));
    }

    static void writeMediaInfo(MediaInfo m, XmlOut out) {
        writeCallId(m.callId(), out);
        writeMedia("Media", m.media(), m.codec(), out);
    }

    // Shared children

    static Integer readLine(XmlElement root) {
        XmlElement line = root.child("Line");
        return line == null ? null : requiredInt(line, "id", 1, WireLimits.MAX_INDEX);
    }

    static void writeLine(Integer line, XmlOut out) {
        if (line != null) {
            out.start("Line").attr("id", line).end();
        }
    }

    static void writeCallId(CallId callId, XmlOut out) {
        if (callId != null) {
            out.start("CallIdentifier").attr("id", callId.value()).end();
        }
    }

    static void writeMedia(String element, MediaAddress media, String codec, XmlOut out) {
        out.start(element).attr("ip", media.ip()).attr("port", media.port()).attr("codec", codec).end();
    }
}
