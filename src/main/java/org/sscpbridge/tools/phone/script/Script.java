package org.sscpbridge.tools.phone.script;

import java.util.List;

/** A parsed script: its name (for messages) and its commands in order. */
public record Script(String name, List<ScriptLine> lines) {
    public Script {
        lines = List.copyOf(lines);
    }
}
