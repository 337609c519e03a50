package org.sscpbridge.tools.phone.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sscpbridge.tools.phone.command.Command;
import org.sscpbridge.tools.phone.command.CommandParser;
import org.sscpbridge.tools.phone.command.CommandSyntaxException;

/**
 * Parses a whole script before anything runs, so that a typo on line 40 is reported before the
 * phone has done the first 39 lines. Blank lines and {@code #} comments are skipped.
 */
public final class ScriptParser {
    private ScriptParser() {
    }

    public static Script parse(String name, String text) throws ScriptSyntaxException {
        List<ScriptLine> lines = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] rows = text.split("\r?\n", -1);
        for (int i = 0; i < rows.length; i++) {
            try {
                Optional<Command> command = CommandParser.parse(rows[i]);
                if (command.isPresent()) {
                    lines.add(new ScriptLine(i + 1, rows[i].strip(), command.get()));
                }
            } catch (CommandSyntaxException e) {
                problems.add("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ScriptSyntaxException(name, problems);
        }
        return new Script(name, lines);
    }
}
