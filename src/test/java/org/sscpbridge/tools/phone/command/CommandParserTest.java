package org.sscpbridge.tools.phone.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.HistoryType;
import org.sscpbridge.sscp.message.OnOff;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;

class CommandParserTest {

    private static Command parse(String line) throws CommandSyntaxException {
        return CommandParser.parse(line).orElseThrow();
    }

    @Test
    void phoneActions() throws Exception {
        assertEquals(new Command.Register(), parse("register"));
        assertEquals(new Command.Unregister(), parse("UNREGISTER"));
        assertEquals(new Command.OffHook(null), parse("offhook"));
        assertEquals(new Command.OffHook(2), parse("offhook 2"));
        assertEquals(new Command.OnHook(1), parse("onhook 1"));
        assertEquals(new Command.Dial("1002", null), parse("dial 1002"));
        assertEquals(new Command.Dial("*97", 2), parse("dial *97 2"));
        assertEquals(new Command.Digits("1002"), parse("digits 1002"));
        assertEquals(new Command.Digits("10#"), parse("digits 1 0 #"));
        assertEquals(new Command.Digits("5"), parse("5"));
        assertEquals(new Command.Digits("*8"), parse("*8"));
        assertEquals(new Command.PressSoftKey(SoftKey.HOLD), parse("softkey hold"));
        assertEquals(new Command.PressSoftKey(SoftKey.TRANSFER), parse("softkey Trnsfer"));
        assertEquals(new Command.PressSoftKey(SoftKey.END_CALL), parse("softkey 9"));
        assertEquals(new Command.SpeedDial(3), parse("speeddial 3"));
        assertEquals(new Command.Forward(ForwardType.ALL, "1003"), parse("forward all 1003"));
        assertEquals(new Command.Forward(ForwardType.BUSY, null), parse("forward busy off"));
        assertEquals(new Command.Forward(ForwardType.NO_ANSWER, "1004"), parse("forward NoAnswer 1004"));
        assertEquals(new Command.PhoneBook(PhoneBookAction.SEARCH, new PhoneBookEntry(null, "Smith", null, null)),
                parse("phonebook search Smith"));
        assertEquals(new Command.PhoneBook(PhoneBookAction.STORE, new PhoneBookEntry("u9", "Kim", "Sang Mi", "1012")),
                parse("phonebook store id=u9 lastname=Kim firstname=\"Sang Mi\" number=1012"));
        assertEquals(new Command.PhoneBook(PhoneBookAction.DELETE, new PhoneBookEntry("u9", null, null, null)),
                parse("phonebook delete id=u9"));
        assertEquals(new Command.History(new PhoneMessage.HistoryQuery(HistoryType.MISSED, 20)), parse("history missed"));
        assertEquals(new Command.History(new PhoneMessage.HistoryQuery(HistoryType.ALL, 5)), parse("history all 5"));
        assertEquals(new Command.History(new PhoneMessage.HistoryDeleteEntry(3)), parse("history delete 3"));
        assertEquals(new Command.History(new PhoneMessage.HistoryDeleteAll(HistoryType.PLACED)), parse("history delete placed"));
        assertEquals(new Command.Headset(OnOff.ON), parse("headset on"));
        assertEquals(new Command.Dnd(OnOff.OFF), parse("dnd Off"));
        assertEquals(new Command.VoiceMail(null), parse("voicemail"));
        assertEquals(new Command.VoiceMail("1001"), parse("voicemail 1001"));
        assertEquals(new Command.Layout(), parse("layout"));
    }

    @Test
    void consoleCommands() throws Exception {
        assertEquals(new Command.Show(), parse("show"));
        assertEquals(new Command.Rtp(), parse("rtp"));
        assertEquals(new Command.Help(), parse("help"));
        assertEquals(new Command.Quit(), parse("quit"));
        assertEquals(new Command.Sleep(Duration.ofMillis(1500)), parse("sleep 1.5"));
    }

    @Test
    void blankLinesAndCommentsAreNothing() throws Exception {
        assertEquals(Optional.empty(), CommandParser.parse("   "));
        assertEquals(Optional.empty(), CommandParser.parse("# offhook"));
        assertEquals(Optional.empty(), CommandParser.parse("#"));
    }

    @Test
    void expectWithConditionsAndWithin() throws Exception {
        Command.Expect e = (Command.Expect) parse("expect CallState state=Connected Party.number~=100 within 2.5");
        assertEquals("CallState", e.messageName());
        assertEquals(List.of(new FieldCondition("state", FieldCondition.Operator.EQUALS, "Connected"),
                new FieldCondition("Party.number", FieldCondition.Operator.CONTAINS, "100")), e.conditions());
        assertEquals(Duration.ofMillis(2500), e.within());

        Command.Expect plain = (Command.Expect) parse("expect RegisterAck");
        assertEquals(List.of(), plain.conditions());
        assertEquals(CommandParser.DEFAULT_WITHIN, plain.within());

        Command.Expect quoted = (Command.Expect) parse("expect Display text~=\"Call from 1002\"");
        assertEquals("Call from 1002", quoted.conditions().get(0).value());
    }

    @Test
    void expectRtp() throws Exception {
        Command.ExpectRtp e = (Command.ExpectRtp) parse("expect rtp received>=50 sent>0 within 5");
        assertEquals(2, e.conditions().size());
        assertEquals(FieldCondition.Operator.AT_LEAST, e.conditions().get(0).operator());
        assertEquals(Duration.ofSeconds(5), e.within());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "fly", "register now", "offhook x", "offhook 0", "dial", "dial 10a2", "digits 12a", "softkey Frobnicate",
        "softkey 0", "softkey 22", "speeddial", "forward all", "forward sideways 1003", "phonebook", "phonebook find x",
        "phonebook store Smith", "phonebook search colour=red", "history", "history yesterday", "history delete",
        "history delete 0", "forward all 10x3", "voicemail box", "headset maybe", "dnd", "voicemail 1 2", "sleep", "sleep -1", "sleep soon",
        "expect", "expect Nonsense", "expect Ack", "expect Register", "expect CallState state", "expect CallState n>=x",
        "expect rtp jitter<5", "expect CallState within", "dial \"1002"
    })
    void mistakesAreReportedNotSent(String line) {
        CommandSyntaxException e = assertThrows(CommandSyntaxException.class, () -> CommandParser.parse(line));
        assertTrue(!e.getMessage().isBlank());
    }
}
