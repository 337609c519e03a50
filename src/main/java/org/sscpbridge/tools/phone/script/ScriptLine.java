package org.sscpbridge.tools.phone.script;

import org.sscpbridge.tools.phone.command.Command;

/** One command of a script with the line number it came from (1-based) and its text. */
public record ScriptLine(int number, String text, Command command) {
}
