package org.sscpbridge.console;

import java.util.List;
import org.sscpbridge.phone.CallSnapshot;

/** What {@code sscp:calls} returns: the live calls as data, printed as a table with a header and a count. */
public record CallList(List<CallSnapshot> calls) {

    public CallList {
        calls = List.copyOf(calls);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(String.format("%-9s %-18s %-4s %-4s %-16s %-13s %s%n", "CALL", "DEVICE",
                "LINE", "DIR", "PARTY", "STATE", "SIP CALL-ID"));
        calls.forEach(r -> b.append(r).append('\n'));
        b.append(calls.size()).append(calls.size() == 1 ? " call" : " calls");
        return b.toString();
    }
}
