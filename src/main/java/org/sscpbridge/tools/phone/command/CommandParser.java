package org.sscpbridge.tools.phone.command;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;

/**
 * Parses one command line ({@link Command}). Command words ignore case; argument checks that the
 * message records make (number syntax, ranges) surface here as {@link CommandSyntaxException}, so
 * that a typo is reported before anything is sent.
 */
public final class CommandParser {
    /** How long an {@code expect} waits unless told {@code within SECONDS}. */
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(5);

    public static final String HELP = """
            register | unregister            register with the bridge / unregister
            offhook [LINE] | onhook [LINE]   lift / hang up the handset
            dial NUMBER [LINE]               en-bloc dialling
            digits KEYS | KEYS               one Digit per key (0-9 * #), e.g. "digits 1002" or just "1002"
            softkey NAME|ID                  e.g. "softkey Hold", "softkey 9" (EndCall)
            speeddial INDEX                  press speed dial button INDEX
            forward all|busy|noanswer NUMBER|off
            phonebook search WORD | phonebook search|store|delete [id=..] [lastname=..] [firstname=..] [number=..]
            history all|missed|received|placed [MAX] | history delete INDEX|all|missed|received|placed
            headset on|off | dnd on|off | voicemail [MAILBOX] | layout
            show | rtp | help | quit
            expect MESSAGE [key=value|key~=part|key>=n ...] [within SECONDS]
            expect rtp received>=N|sent>=N [within SECONDS]  |  sleep SECONDS  |  # comment""";

    private CommandParser() {
    }

    /** The command on {@code line}, or empty for a blank line or a {@code #} comment. */
    public static Optional<Command> parse(String line) throws CommandSyntaxException {
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return Optional.empty();
        }
        List<String> words = Tokenizer.split(trimmed);
        try {
            return Optional.of(parseWords(words));
        } catch (IllegalArgumentException e) {
            // A message record refused a value (e.g. a number with letters): report it as syntax.
            throw new CommandSyntaxException(e.getMessage());
        }
    }

    private static Command parseWords(List<String> words) throws CommandSyntaxException {
        String verb = words.get(0).toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        if (isKeys(words.get(0)) && words.size() == 1) {
            return new Command.Digits(words.get(0));
        }
        return switch (verb) {
            case "register" -> noArgs(args, new Command.Register());
            case "unregister" -> noArgs(args, new Command.Unregister());
            case "offhook" -> new Command.OffHook(optionalLine(args, 0, 1));
            case "onhook" -> new Command.OnHook(optionalLine(args, 0, 1));
            case "dial" -> dial(args);
            case "digits", "digit" -> digits(args);
            case "softkey" -> softKey(args);
            case "speeddial" -> new Command.SpeedDial(positive(one(args, "speeddial INDEX"), "speed dial index"));
            case "forward" -> forward(args);
            case "phonebook" -> phoneBook(args);
            case "history" -> history(args);
            case "headset" -> new Command.Headset(onOff(args, "headset on|off"));
            case "dnd" -> new Command.Dnd(onOff(args, "dnd on|off"));
            case "voicemail" -> voiceMail(args);
            case "layout" -> noArgs(args, new Command.Layout());
            case "show" -> noArgs(args, new Command.Show());
            case "rtp" -> noArgs(args, new Command.Rtp());
            case "help", "?" -> new Command.Help();
            case "quit", "exit" -> noArgs(args, new Command.Quit());
            case "expect" -> expect(args);
            case "sleep" -> new Command.Sleep(seconds(one(args, "sleep SECONDS")));
            default -> throw new CommandSyntaxException("unknown command '" + words.get(0) + "' (try help)");
        };
    }

    private static boolean isKeys(String word) {
        return word.chars().allMatch(c -> PhoneMessage.Digit.isKey((char) c));
    }

    private static Command noArgs(List<String> args, Command command) throws CommandSyntaxException {
        if (!args.isEmpty()) {
            throw new CommandSyntaxException("unexpected arguments: " + String.join(" ", args));
        }
        return command;
    }

    private static String one(List<String> args, String usage) throws CommandSyntaxException {
        if (args.size() != 1) {
            throw new CommandSyntaxException("usage: " + usage);
        }
        return args.get(0);
    }

    private static Integer optionalLine(List<String> args, int at, int maxArgs) throws CommandSyntaxException {
        if (args.size() > maxArgs) {
            throw new CommandSyntaxException("unexpected arguments: " + String.join(" ", args));
        }
        return args.size() > at ? positive(args.get(at), "line") : null;
    }

    private static int positive(String text, String what) throws CommandSyntaxException {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the word that was given
        }
        throw new CommandSyntaxException(what + " must be a number from 1: '" + text + "'");
    }

    private static Command dial(List<String> args) throws CommandSyntaxException {
        if (args.isEmpty() || args.size() > 2) {
            throw new CommandSyntaxException("usage: dial NUMBER [LINE]");
        }
        Integer line = optionalLine(args, 1, 2);
        new PhoneMessage.Dial(args.get(0), line); // checks the number now, not at send time
        return new Command.Dial(args.get(0), line);
    }

    private static Command digits(List<String> args) throws CommandSyntaxException {
        String keys = String.join("", args);
        if (keys.isEmpty() || !isKeys(keys)) {
            throw new CommandSyntaxException("usage: digits KEYS (0-9 * #)");
        }
        return new Command.Digits(keys);
    }

    private static Command softKey(List<String> args) throws CommandSyntaxException {
        String name = one(args, "softkey NAME|ID");
        Optional<SoftKey> key = name.chars().allMatch(Character::isDigit)
                ? SoftKey.byId(Integer.parseInt(name))
                : SoftKey.byLabel(name);
        return new Command.PressSoftKey(key.orElseThrow(() -> new CommandSyntaxException(
                "no soft key '" + name + "'; keys: " + softKeyNames())));
    }

    private static String softKeyNames() {
        StringBuilder sb = new StringBuilder();
        for (SoftKey k : SoftKey.values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(k.id()).append(' ').append(k.label());
        }
        return sb.toString();
    }

    private static Command forward(List<String> args) throws CommandSyntaxException {
        if (args.size() != 2) {
            throw new CommandSyntaxException("usage: forward all|busy|noanswer NUMBER|off");
        }
        ForwardType type = ForwardType.fromWire(args.get(0))
                .orElseThrow(() -> new CommandSyntaxException("forward type must be all, busy or noanswer: '" + args.get(0) + "'"));
        String number = args.get(1).equalsIgnoreCase("off") ? null : args.get(1);
        new PhoneMessage.Forward(type, number); // checks the number now, not at send time
        return new Command.Forward(type, number);
    }

    private static Command phoneBook(List<String> args) throws CommandSyntaxException {
        String usage = "phonebook search WORD | phonebook search|store|delete [id=..] [lastname=..] [firstname=..] [number=..]";
        if (args.isEmpty()) {
            throw new CommandSyntaxException("usage: " + usage);
        }
        PhoneBookAction action = PhoneBookAction.fromWire(args.get(0))
                .orElseThrow(() -> new CommandSyntaxException("usage: " + usage));
        String id = null;
        String lastName = null;
        String firstName = null;
        String number = null;
        for (String arg : args.subList(1, args.size())) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                if (action != PhoneBookAction.SEARCH || lastName != null) {
                    throw new CommandSyntaxException("want field=value, not '" + arg + "' (usage: " + usage + ")");
                }
                lastName = arg; // "phonebook search Smith": a last name prefix
                continue;
            }
            String field = arg.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = arg.substring(eq + 1);
            switch (field) {
                case "id" -> id = value;
                case "lastname" -> lastName = value;
                case "firstname" -> firstName = value;
                case "number" -> number = value;
                default -> throw new CommandSyntaxException("unknown phone book field '" + field + "' (id, lastname, firstname, number)");
            }
        }
        return new Command.PhoneBook(action, new PhoneBookEntry(id, lastName, firstName, number));
    }

    private static Command history(List<String> args) throws CommandSyntaxException {
        String usage = "history all|missed|received|placed [MAX] | history delete INDEX|all|missed|received|placed";
        if (args.isEmpty() || args.size() > 2) {
            throw new CommandSyntaxException("usage: " + usage);
        }
        if (args.get(0).equalsIgnoreCase("delete")) {
            if (args.size() != 2) {
                throw new CommandSyntaxException("usage: " + usage);
            }
            Optional<HistoryType> type = HistoryType.fromWire(args.get(1));
            if (type.isPresent()) {
                return new Command.History(new PhoneMessage.HistoryDeleteAll(type.get()));
            }
            return new Command.History(new PhoneMessage.HistoryDeleteEntry(positive(args.get(1), "history index")));
        }
        HistoryType type = HistoryType.fromWire(args.get(0))
                .orElseThrow(() -> new CommandSyntaxException("usage: " + usage));
        int max = args.size() == 2 ? positive(args.get(1), "max") : PhoneMessage.HistoryQuery.DEFAULT_MAX;
        return new Command.History(new PhoneMessage.HistoryQuery(type, max));
    }

    private static OnOff onOff(List<String> args, String usage) throws CommandSyntaxException {
        return OnOff.fromWire(one(args, usage)).orElseThrow(() -> new CommandSyntaxException("usage: " + usage));
    }

    private static Command voiceMail(List<String> args) throws CommandSyntaxException {
        if (args.size() > 1) {
            throw new CommandSyntaxException("usage: voicemail [MAILBOX]");
        }
        String mailbox = args.isEmpty() ? null : args.get(0);
        new PhoneMessage.VoiceMail(mailbox); // checks the number now, not at send time
        return new Command.VoiceMail(mailbox);
    }

    private static Command expect(List<String> args) throws CommandSyntaxException {
        String usage = "expect MESSAGE [key=value ...] [within SECONDS] | expect rtp received>=N [within SECONDS]";
        if (args.isEmpty()) {
            throw new CommandSyntaxException("usage: " + usage);
        }
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        Duration within = DEFAULT_WITHIN;
        int w = rest.size() - 2;
        if (w >= 0 && rest.get(w).equalsIgnoreCase("within")) {
            within = seconds(rest.get(w + 1));
            rest = rest.subList(0, w);
        }
        List<FieldCondition> conditions = new ArrayList<>();
        for (String word : rest) {
            conditions.add(FieldCondition.parse(word));
        }
        String name = args.get(0);
        if (name.equalsIgnoreCase("rtp")) {
            for (FieldCondition c : conditions) {
                if (!RTP_KEYS.contains(c.key().toLowerCase(Locale.ROOT))) {
                    throw new CommandSyntaxException("expect rtp knows " + RTP_KEYS + ", not '" + c.key() + "'");
                }
            }
            return new Command.ExpectRtp(conditions, within);
        }
        MessageType type = MessageType.byName(Direction.BRIDGE, name).orElseThrow(() -> new CommandSyntaxException(
                "'" + name + "' is not a message the bridge sends; one of " + bridgeMessageNames()));
        if (type == MessageType.BRIDGE_ACK) {
            throw new CommandSyntaxException("a plain Ack is consumed by the transport and never seen by the phone; expect the effect instead");
        }
        return new Command.Expect(type.wireName(), conditions, within);
    }

    /** The counters {@code expect rtp} can test. */
    public static final List<String> RTP_KEYS = List.of("received", "sent");

    private static String bridgeMessageNames() {
        StringBuilder sb = new StringBuilder();
        for (MessageType t : MessageType.values()) {
            if (t.sender() == Direction.BRIDGE && t != MessageType.BRIDGE_ACK) {
                sb.append(sb.length() == 0 ? "" : ", ").append(t.wireName());
            }
        }
        return sb.toString();
    }

    private static Duration seconds(String text) throws CommandSyntaxException {
        try {
            BigDecimal s = new BigDecimal(text);
            if (s.signum() >= 0 && s.compareTo(BigDecimal.valueOf(86_400)) <= 0) {
                return Duration.ofMillis(s.movePointRight(3).longValue());
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandSyntaxException("not a number of seconds: '" + text + "'");
    }
}
