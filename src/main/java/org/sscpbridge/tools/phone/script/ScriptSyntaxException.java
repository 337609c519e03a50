package org.sscpbridge.tools.phone.script;

import java.util.List;

/** A script with lines that do not parse; every bad line is listed, so one run shows them all. */
public final class ScriptSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ScriptSyntaxException(String scriptName, List<String> problems) {
        super(scriptName + ": " + String.join("\n" + scriptName + ": ", problems));
        this.problems = List.copyOf(problems);
    }

    /** "line N: reason", one per bad line. */
    public List<String> problems() {
        return problems;
    }
}
