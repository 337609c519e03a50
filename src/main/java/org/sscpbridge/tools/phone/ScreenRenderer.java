package org.sscpbridge.tools.phone;

import java.time.Instant;
import java.util.StringJoiner;
import org.sscpbridge.sscp.message.BridgeMessage.ForwardInfo;
import org.sscpbridge.sscp.message.BridgeMessage.HistoryEntry;
import org.sscpbridge.sscp.message.BridgeMessage.LineInfo;
import org.sscpbridge.sscp.message.BridgeMessage.Party;
import org.sscpbridge.sscp.message.BridgeMessage.SpeedDialInfo;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.SoftKey;

/** Draws a {@link PhoneScreen} as text: a compact few lines after each change, or everything. */
public final class ScreenRenderer {
    private ScreenRenderer() {
    }

    /** Header, lines, calls, display and indicators, soft keys: what a glance at the phone shows. */
    public static String compact(String deviceId, PhoneScreen s, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append("+-- ").append(deviceId).append("  ").append(s.registration().name().toLowerCase());
        if (s.title() != null) {
            sb.append("  \"").append(s.title()).append('"');
        }
        sb.append('\n');
        StringJoiner lines = new StringJoiner("  ");
        for (LineInfo l : s.lines().values().stream().sorted((a, b) -> Integer.compare(a.id(), b.id())).toList()) {
            lines.add("[L" + l.id() + " " + l.number() + (l.label() != null ? " " + l.label() : "") + "]");
        }
        sb.append("| lines: ").append(lines.length() == 0 ? "-" : lines.toString()).append('\n');
        if (s.calls().isEmpty()) {
            sb.append("| calls: none").append(s.offHook() ? " (off hook)" : "").append('\n');
        }
        CallView current = s.currentCall();
        for (CallView c : s.calls()) {
            sb.append("| ").append(c.callId().equals(current == null ? null : current.callId()) ? "> " : "  ")
                    .append("call ").append(c.callId()).append(" L").append(c.line()).append(' ').append(c.state().wireName())
                    .append(party(c.party())).append('\n');
        }
        sb.append("| display: \"").append(s.displayText(now)).append("\"  tone ").append(s.tone().wireName())
                .append("  ringer ").append(s.ringer().wireName())
                .append("  lamp ").append(s.lamp() == null ? "Off" : s.lamp().mode().wireName()
                        + (s.lamp().messages() != null ? " (" + s.lamp().messages().newCount() + " new)" : ""))
                .append('\n');
        StringJoiner keys = new StringJoiner(" ");
        for (SoftKey k : s.softKeys()) {
            keys.add("[" + k.label() + "]");
        }
        sb.append("+-- keys: ").append(keys.length() == 0 ? "-" : keys.toString());
        String fwd = forwards(s);
        if (!fwd.isEmpty()) {
            sb.append("  fwd ").append(fwd);
        }
        if (s.dnd() == org.sscpbridge.sscp.message.OnOff.ON) {
            sb.append("  DND");
        }
        if (s.headset() == org.sscpbridge.sscp.message.OnOff.ON) {
            sb.append("  headset");
        }
        return sb.toString();
    }

    /** The compact screen plus speed dials, forwards, keepalive, the last phone book and history answers. */
    public static String full(String deviceId, PhoneScreen s, Instant now) {
        StringBuilder sb = new StringBuilder(compact(deviceId, s, now)).append('\n');
        sb.append("keepalive: ").append(s.keepaliveSeconds() == 0 ? "-" : s.keepaliveSeconds() + " s").append('\n');
        StringJoiner dials = new StringJoiner("  ");
        for (SpeedDialInfo d : s.speedDials()) {
            dials.add(d.index() + ":" + d.number() + (d.label() != null ? " " + d.label() : ""));
        }
        sb.append("speed dials: ").append(dials.length() == 0 ? "-" : dials.toString()).append('\n');
        String fwd = forwards(s);
        sb.append("forwards: ").append(fwd.isEmpty() ? "-" : fwd).append('\n');
        if (s.phoneBook() != null) {
            sb.append("phone book: ").append(s.phoneBook().total()).append(" found (code ").append(s.phoneBook().code()).append(")\n");
            for (PhoneBookEntry u : s.phoneBook().users()) {
                sb.append("  ").append(nz(u.id())).append("  ").append(nz(u.lastName())).append(", ")
                        .append(nz(u.firstName())).append("  ").append(nz(u.number())).append('\n');
            }
        }
        if (s.history() != null) {
            sb.append("history: ").append(s.history().entries().size()).append(" entries\n");
            for (HistoryEntry e : s.history().entries()) {
                sb.append("  ").append(e.index()).append(' ').append(e.historyType().wireName()).append(' ')
                        .append(e.number().isEmpty() ? "(anonymous)" : e.number())
                        .append(e.name() != null ? " " + e.name() : "").append(' ').append(e.time())
                        .append(' ').append(e.durationSeconds()).append(" s\n");
            }
        }
        if (s.lastError() != null) {
            sb.append("last error: ").append(s.lastError()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private static String forwards(PhoneScreen s) {
        StringJoiner j = new StringJoiner(" ");
        for (ForwardInfo f : s.forwards()) {
            if (f.active() || f.number() != null) {
                j.add(f.forwardType().wireName() + "->" + nz(f.number()) + (f.active() ? "" : " (inactive)"));
            }
        }
        return j.toString();
    }

    private static String party(Party p) {
        if (p == null) {
            return "";
        }
        return "  " + (p.direction() != null ? p.direction().wireName() + " " : "") + nz(p.number())
                + (p.name() != null ? " \"" + p.name() + "\"" : "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
