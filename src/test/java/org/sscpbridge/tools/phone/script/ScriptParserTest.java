package org.sscpbridge.tools.phone.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sscpbridge.tools.phone.command.Command;

class ScriptParserTest {

    @Test
    void keepsCommandsWithTheirLineNumbers() throws Exception {
        Script script = ScriptParser.parse("s", """
                # a call

                offhook
                  dial 1002   \r
                expect CallState state=Connected within 3
                """);

        assertEquals(List.of(3, 4, 5), script.lines().stream().map(ScriptLine::number).toList());
        assertEquals("dial 1002", script.lines().get(1).text());
        assertEquals(new Command.Dial("1002", null), script.lines().get(1).command());
    }

    @Test
    void reportsEveryBadLineAtOnce() {
        ScriptSyntaxException e = assertThrows(ScriptSyntaxException.class,
                () -> ScriptParser.parse("calls.script", "offhook\nwibble\ndial\nonhook\n"));
        assertEquals(2, e.problems().size());
        assertEquals("line 2: unknown command 'wibble' (try help)", e.problems().get(0));
        assertEquals("line 3: usage: dial NUMBER [LINE]", e.problems().get(1));
        assertEquals("calls.script: line 2: unknown command 'wibble' (try help)\ncalls.script: line 3: usage: dial NUMBER [LINE]",
                e.getMessage());
    }

    @Test
    void anEmptyScriptIsValid() throws Exception {
        assertEquals(List.of(), ScriptParser.parse("s", "").lines());
    }
}
