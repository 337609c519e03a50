package org.sscpbridge.phone;

import java.util.Locale;
import org.sscpbridge.feature.forward.Forwards;

/** One call forward that is on: calls to {@code line} go to {@code target} when {@code kind} applies. */
public record ForwardSnapshot(int line, Forwards.Kind kind, String target) {

    /** {@code all}, {@code busy} or {@code noanswer}, as {@code sscp:forward} spells it. */
    public String kindName() {
        return kind.name().toLowerCase(Locale.ROOT).replace("_", "");
    }

    @Override
    public String toString() {
        return "line " + line + " " + kindName() + " -> " + target;
    }
}
