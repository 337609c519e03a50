package org.sscpbridge.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.sscpbridge.bridge.BridgeControl;
import org.sscpbridge.bridge.BridgeException;
import org.sscpbridge.bridge.BridgeStatus;
import org.sscpbridge.store.PhoneBookStore;

/** Gogo commands of scope {@code sscp}: parse arguments, call the bridge, return what prints. */
@Component(service = SscpCommands.class, property = {
    "osgi.command.scope=sscp",
    "osgi.command.function=status",
    "osgi.command.function=enable",
    "osgi.command.function=disable",
    "osgi.command.function=ping",
    "osgi.command.function=phones",
    "osgi.command.function=reload",
    "osgi.command.function=calls",
    "osgi.command.function=forward",
    "osgi.command.function=phonebook",
    "osgi.command.function=debug"
})
public final class SscpCommands {
    private final BridgeControl bridge;

    @org.osgi.service.component.annotations.Activate
    public SscpCommands(@Reference BridgeControl bridge) {
        this.bridge = bridge;
    }

    @Descriptor("show whether the bridge is enabled, its addresses and counts")
    public BridgeStatus status() {
        return bridge.status();
    }

    @Descriptor("list registered phones: device, address, state, lines and their SIP registration")
    public PhoneList phones() {
        return new PhoneList(bridge.phones());
    }

    @Descriptor("list live calls: call id, device, line, direction, far party, state, SIP Call-ID")
    public CallList calls() {
        return new CallList(bridge.calls());
    }

    @Descriptor("show a device's call forwards")
    public String forward(@Descriptor("device id") String deviceId) throws BridgeException {
        return bridge.forward(deviceId, 1, null, null);
    }

    @Descriptor("set or cancel one of a device's call forwards")
    public String forward(@Descriptor("device id") String deviceId,
            @Descriptor("all | busy | noanswer") String kind,
            @Descriptor("target number, or off") String number) throws BridgeException {
        return bridge.forward(deviceId, 1, kind, number);
    }

    @Descriptor("set or cancel one of the call forwards of one of a device's lines")
    public String forward(@Descriptor("device id") String deviceId,
            @Descriptor("line, 1 = the first") int line,
            @Descriptor("all | busy | noanswer") String kind,
            @Descriptor("target number, or off") String number) throws BridgeException {
        return bridge.forward(deviceId, line, kind, number);
    }

    static final String PHONEBOOK_USAGE = "usage: sscp:phonebook list [DEVICE]"
            + " | add NUMBER LASTNAME [FIRSTNAME] [-d DEVICE] [-i ID]"
            + " | remove ID [DEVICE] | import FILE [DEVICE] | export FILE [DEVICE]  (FILE: .csv or .vcf)";

    @Descriptor("the phone book: the shared directory, or a device's personal entries with DEVICE / -d DEVICE."
            + " list [DEVICE] | add NUMBER LASTNAME [FIRSTNAME] [-d DEVICE] [-i ID] | remove ID [DEVICE]"
            + " | import FILE [DEVICE] | export FILE [DEVICE]; FILE .csv (id,lastname,firstname,number)"
            + " or .vcf (vCard 3.0), import all or nothing")
    public String phonebook(CommandSession session,
            @Descriptor("a device's personal entries instead of the shared directory")
            @Parameter(names = {"-d", "--device"}, absentValue = "") String device,
            @Descriptor("add: the entry's id (an entry with this id is replaced; default: a new id)")
            @Parameter(names = {"-i", "--id"}, absentValue = "") String id,
            @Descriptor("list | add | remove | import | export") String action,
            @Descriptor("the action's arguments") String... args) throws BridgeException {
        switch (action.toLowerCase(java.util.Locale.ROOT)) {
            case "list" -> {
                expect(args, 0, 1);
                String owner = owner(device, args, 0);
                return phoneBookTable(bridge.phoneBook(owner), owner);
            }
            case "add" -> {
                expect(args, 2, 3);
                String owner = owner(device, args, 3);
                PhoneBookStore.Entry e = bridge.phoneBookAdd(owner, id.isEmpty() ? null : id, args[1],
                        args.length > 2 ? args[2] : null, args[0]);
                return "stored entry " + e.id() + " " + ownerName(owner, "in") + ": " + row(e);
            }
            case "remove" -> {
                expect(args, 1, 2);
                String owner = owner(device, args, 1);
                if (!bridge.phoneBookRemove(owner, args[0])) {
                    throw new BridgeException("no entry " + args[0] + " " + ownerName(owner, "in"));
                }
                return "removed entry " + args[0] + " " + ownerName(owner, "of");
            }
            case "import" -> {
                expect(args, 1, 2);
                return bridge.phoneBookImport(path(session, args[0]), owner(device, args, 1));
            }
            case "export" -> {
                expect(args, 1, 2);
                return bridge.phoneBookExport(path(session, args[0]), owner(device, args, 1));
            }
            default -> throw new BridgeException("no phone book action " + action + "; " + PHONEBOOK_USAGE);
        }
    }

    private static void expect(String[] args, int min, int max) throws BridgeException {
        if (args.length < min || args.length > max) {
            throw new BridgeException(PHONEBOOK_USAGE);
        }
    }

    /** The device of {@code -d} or of the positional argument {@code at} (null: the shared directory). */
    private static String owner(String option, String[] args, int at) throws BridgeException {
        String positional = args.length > at ? args[at] : "";
        if (!option.isEmpty() && !positional.isEmpty() && !option.equals(positional)) {
            throw new BridgeException("two devices given: " + option + " and " + positional);
        }
        String device = option.isEmpty() ? positional : option;
        return device.isBlank() ? null : device;
    }

    /** A file named relative to the shell's current folder. */
    private static Path path(CommandSession session, String file) {
        Path p = Path.of(file);
        return (session == null || p.isAbsolute() ? p : session.currentDir().resolve(p)).toAbsolutePath().normalize();
    }

    private static String ownerName(String owner, String preposition) {
        return owner == null ? preposition + " the shared directory" : "of " + owner;
    }

    private static String row(PhoneBookStore.Entry e) {
        return String.join(" ", nonNull(e.lastName()), nonNull(e.firstName()), e.number()).replaceAll(" +", " ").trim();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** One row per entry (id, last name, first name, number) under a header, then the count. */
    static String phoneBookTable(List<PhoneBookStore.Entry> entries, String owner) {
        String[] head = {"ID", "LASTNAME", "FIRSTNAME", "NUMBER"};
        int[] width = new int[3];
        for (int i = 0; i < 3; i++) {
            width[i] = head[i].length();
        }
        for (PhoneBookStore.Entry e : entries) {
            width[0] = Math.max(width[0], nonNull(e.id()).length());
            width[1] = Math.max(width[1], nonNull(e.lastName()).length());
            width[2] = Math.max(width[2], nonNull(e.firstName()).length());
        }
        String format = "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n";
        StringBuilder b = new StringBuilder(String.format(format, (Object[]) head));
        for (PhoneBookStore.Entry e : entries) {
            b.append(String.format(format, nonNull(e.id()), oneLine(e.lastName()), oneLine(e.firstName()), e.number()));
        }
        b.append(entries.size()).append(entries.size() == 1 ? " entry " : " entries ").append(ownerName(owner, "in"));
        return b.toString();
    }

    /** A name as one line of the table (a name may hold a line break). */
    private static String oneLine(String s) {
        return nonNull(s).replaceAll("\\R", " ");
    }

    @Descriptor("re-read one device's configuration and re-register only that phone")
    public String reload(@Descriptor("device id, e.g. SEP00AABBCCDDEE") String deviceId) throws BridgeException {
        return bridge.reload(deviceId);
    }

    @Descriptor("start the bridge: open the SSCP port and the SIP user agent")
    public BridgeStatus enable() throws BridgeException {
        return bridge.enable();
    }

    @Descriptor("stop the bridge: tell phones, remove SIP bindings, close both ports")
    public BridgeStatus disable() {
        return bridge.disable();
    }

    @Descriptor("log one phone's SSCP messages decoded, in and out (on), or stop (off)")
    public String debug(@Descriptor("device id, e.g. SEP00AABBCCDDEE") String deviceId,
            @Descriptor("on | off") String onOff) throws BridgeException {
        return switch (onOff.toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> bridge.debug(deviceId, true);
            case "off" -> bridge.debug(deviceId, false);
            default -> throw new BridgeException("say on or off, not " + onOff);
        };
    }

    @Descriptor("send SIP OPTIONS to the registrar and show the answer")
    public String ping() throws BridgeException {
        return bridge.sipPing(null, Duration.ofSeconds(5));
    }

    @Descriptor("send SIP OPTIONS to a SIP URI and show the answer")
    public String ping(@Descriptor("target, e.g. sip:10.0.0.1:5060") String uri) throws BridgeException {
        return bridge.sipPing(uri, Duration.ofSeconds(5));
    }
}
