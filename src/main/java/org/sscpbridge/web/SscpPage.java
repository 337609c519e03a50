package org.sscpbridge.web;

import java.util.List;
import java.util.Map;
import org.owasp.encoder.Encode;
import org.sscpbridge.phone.CallSnapshot;
import org.sscpbridge.phone.ForwardSnapshot;
import org.sscpbridge.phone.LineSnapshot;
import org.sscpbridge.phone.PhoneSnapshot;

/**
 * The "SSCP Bridge" page's content (inside the Web Console's frame): enabled state with Enable / Disable,
 * counters and the status text, phones, live calls, forwards. Every value is HTML-escaped here; the script
 * refreshes the same elements from {@code sscp.json} every 2 s, writing text only ({@code textContent}).
 */
final class SscpPage {
    /** Milliseconds between two refreshes of the page from its JSON. */
    static final int REFRESH_MILLIS = 2000;

    private SscpPage() {}

    /**
     * @param pluginRoot the page's own path ({@code /system/console/sscp}): the form posts there, the JSON is beside it
     * @param notice     the outcome of the operator's last action, or null
     */
    static String render(String pluginRoot, BridgeView view, String notice) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<div id=\"sscp-bridge\" data-json=\"").append(Encode.forHtmlAttribute(pluginRoot + ".json"))
                .append("\" data-refresh=\"").append(REFRESH_MILLIS).append("\">\n");
        h.append("<style>#sscp-bridge h2{margin:1em 0 .3em}#sscp-bridge td,#sscp-bridge th{padding:2px 8px;"
                + "text-align:left;vertical-align:top}#sscp-bridge .registered{color:#060}#sscp-bridge .failed,"
                + "#sscp-bridge .disabled{color:#a00;font-weight:bold}#sscp-bridge .enabled{color:#060;"
                + "font-weight:bold}#sscp-bridge pre{background:#f6f6f6;padding:6px;white-space:pre-wrap}"
                + "#sscp-counters th{width:14em}#sscp-bridge button:disabled{opacity:.4}</style>\n");

        // Enabled state and the two buttons
        h.append("<p class=\"statline\">SSCP bridge: <span id=\"sscp-enabled\" class=\"")
                .append(view.enabled() ? "enabled" : "disabled").append("\">")
                .append(view.enabled() ? "enabled" : "disabled").append("</span>")
                .append(" &middot; <span id=\"sscp-updated\">").append(Encode.forHtml(seconds(view.now())))
                .append("</span></p>\n");
        h.append("<p>");
        button(h, pluginRoot, "enable", "Enable", view.enabled());
        h.append(' ');
        button(h, pluginRoot, "disable", "Disable", !view.enabled());
        h.append("</p>\n");
        h.append("<p id=\"sscp-notice\">").append(notice == null ? "" : Encode.forHtml(notice)).append("</p>\n");

        // Counters
        h.append("<h2>Counters</h2>\n<table id=\"sscp-counters\" class=\"nicetable\"><tbody>");
        for (Map.Entry<String, Object> e : view.counters().entrySet()) {
            h.append("<tr><th>").append(Encode.forHtml(e.getKey())).append("</th><td>")
                    .append(Encode.forHtml(String.valueOf(e.getValue()))).append("</td></tr>");
        }
        h.append("</tbody></table>\n");

        // Phones
        h.append("<h2>Phones</h2>\n<table id=\"sscp-phones\" class=\"nicetable\"><thead><tr><th>Device</th>"
                + "<th>Address</th><th>State</th><th>Lines</th><th>DND</th><th>Headset</th><th>Last seen</th>"
                + "</tr></thead><tbody>");
        if (view.phones().isEmpty()) {
            empty(h, 7, "no phone registered");
        }
        for (PhoneSnapshot p : view.phones()) {
            h.append("<tr data-device=\"").append(Encode.forHtmlAttribute(p.deviceId())).append("\">");
            td(h, p.deviceId());
            td(h, p.address());
            td(h, p.state());
            h.append("<td>");
            for (LineSnapshot l : p.lines()) {
                h.append("<div class=\"").append(BridgeView.registration(l)).append("\">")
                        .append(Encode.forHtml(lineText(l))).append("</div>");
            }
            h.append("</td>");
            td(h, p.dnd() ? "on" : "off");
            td(h, p.headset() ? "on" : "off");
            Object ago = BridgeView.phone(p, view.now()).get("lastSeenSecondsAgo");
            td(h, p.lastSeen() == null ? "-" : seconds(p.lastSeen()) + " (" + ago + " s ago)");
            h.append("</tr>");
        }
        h.append("</tbody></table>\n");

        // Calls
        h.append("<h2>Live calls</h2>\n<table id=\"sscp-calls\" class=\"nicetable\"><thead><tr><th>Call</th>"
                + "<th>Device</th><th>Line</th><th>Direction</th><th>Far party</th><th>State</th>"
                + "<th>SIP Call-ID</th></tr></thead><tbody>");
        if (view.calls().isEmpty()) {
            empty(h, 7, "no live call");
        }
        for (CallSnapshot c : view.calls()) {
            h.append("<tr>");
            td(h, c.callId());
            td(h, c.deviceId());
            td(h, String.valueOf(c.line()));
            td(h, c.direction());
            td(h, c.farParty());
            td(h, c.state());
            td(h, c.sipCallId() == null ? "-" : c.sipCallId());
            h.append("</tr>");
        }
        h.append("</tbody></table>\n");

        // Forwards
        h.append("<h2>Forwards</h2>\n<table id=\"sscp-forwards\" class=\"nicetable\"><thead><tr><th>Device</th>"
                + "<th>Line</th><th>When</th><th>To</th></tr></thead><tbody>");
        List<PhoneSnapshot> withForwards = view.phones().stream().filter(p -> !p.forwards().isEmpty()).toList();
        if (withForwards.isEmpty()) {
            empty(h, 4, "no forward set");
        }
        for (PhoneSnapshot p : withForwards) {
            for (ForwardSnapshot f : p.forwards()) {
                h.append("<tr>");
                td(h, p.deviceId());
                td(h, String.valueOf(f.line()));
                td(h, f.kindName());
                td(h, f.target());
                h.append("</tr>");
            }
        }
        h.append("</tbody></table>\n");

        // Health in words: the status as sscp:status prints it
        h.append("<h2>Status</h2>\n<pre id=\"sscp-status\">").append(Encode.forHtml(view.status().toString()))
                .append("</pre>\n");
        h.append("</div>\n<script>").append(SCRIPT).append("</script>\n");
        return h.toString();
    }

    /** An instant as the page shows it: ISO-8601 to the second. */
    static String seconds(java.time.Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    static String lineText(LineSnapshot l) {
        return "line " + l.index() + ": " + l;
    }

    private static void button(StringBuilder h, String pluginRoot, String action, String label, boolean disabled) {
        h.append("<form method=\"post\" action=\"").append(Encode.forHtmlAttribute(pluginRoot))
                .append("\" style=\"display:inline\"><input type=\"hidden\" name=\"action\" value=\"").append(action)
                .append("\"><button type=\"submit\" class=\"ui-button\" id=\"sscp-").append(action).append('"')
                .append(disabled ? " disabled" : "").append('>').append(label).append("</button></form>");
    }

    private static void td(StringBuilder h, String text) {
        h.append("<td>").append(Encode.forHtml(text == null || text.isEmpty() ? "-" : text)).append("</td>");
    }

    private static void empty(StringBuilder h, int columns, String text) {
        h.append("<tr class=\"empty\"><td colspan=\"").append(columns).append("\">").append(text).append("</td></tr>");
    }

    /** Refreshes the page from the JSON: text only (textContent), never markup from the data. */
    static final String SCRIPT = """
            (function () {
              var root = document.getElementById('sscp-bridge');
              if (!root) { return; }
              var url = new URL(root.getAttribute('data-json'), window.location.origin).href;
              function text(v) { return v === null || v === undefined || v === '' ? '-' : String(v); }
              function seconds(t) { return text(t).replace(/\\.[0-9]+Z$/, 'Z'); }
              function td(tr, v, cls) {
                var c = document.createElement('td'); c.textContent = text(v); if (cls) { c.className = cls; }
                tr.appendChild(c); return c;
              }
              function fill(id, rows, columns, none, render) {
                var old = document.querySelector('#' + id + ' tbody');
                var body = document.createElement('tbody');
                if (!rows.length) {
                  var tr = document.createElement('tr'); tr.className = 'empty';
                  var c = td(tr, none); c.colSpan = columns; body.appendChild(tr);
                }
                rows.forEach(function (r) { body.appendChild(render(r)); });
                old.parentNode.replaceChild(body, old);
              }
              function show(d) {
                var on = d.enabled === true;
                var state = document.getElementById('sscp-enabled');
                state.textContent = on ? 'enabled' : 'disabled'; state.className = on ? 'enabled' : 'disabled';
                document.getElementById('sscp-enable').disabled = on;
                document.getElementById('sscp-disable').disabled = !on;
                document.getElementById('sscp-updated').textContent = seconds(d.time);
                document.getElementById('sscp-status').textContent = text(d.status && d.status.text);
                var counters = Object.keys(d.counters || {}).map(function (k) { return [k, d.counters[k]]; });
                var cbody = document.createElement('tbody');
                counters.forEach(function (kv) {
                  var tr = document.createElement('tr'); var th = document.createElement('th');
                  th.textContent = kv[0]; tr.appendChild(th); td(tr, kv[1]); cbody.appendChild(tr);
                });
                var cold = document.querySelector('#sscp-counters tbody'); cold.parentNode.replaceChild(cbody, cold);
                fill('sscp-phones', d.phones || [], 7, 'no phone registered', function (p) {
                  var tr = document.createElement('tr'); tr.setAttribute('data-device', p.deviceId);
                  td(tr, p.deviceId); td(tr, p.address); td(tr, p.state);
                  var lines = td(tr, ''); lines.textContent = '';
                  (p.lines || []).forEach(function (l) {
                    var div = document.createElement('div'); div.className = l.registration;
                    div.textContent = 'line ' + l.index + ': ' + l.number + ' ' + l.registration
                        + (l.reason ? ' (' + l.reason + ')' : '');
                    lines.appendChild(div);
                  });
                  td(tr, p.dnd ? 'on' : 'off'); td(tr, p.headset ? 'on' : 'off');
                  td(tr, p.lastSeen ? seconds(p.lastSeen) + ' (' + p.lastSeenSecondsAgo + ' s ago)' : '-');
                  return tr;
                });
                fill('sscp-calls', d.calls || [], 7, 'no live call', function (c) {
                  var tr = document.createElement('tr');
                  [c.callId, c.deviceId, c.line, c.direction, c.farParty, c.state, c.sipCallId]
                      .forEach(function (v) { td(tr, v); });
                  return tr;
                });
                var forwards = [];
                (d.phones || []).forEach(function (p) {
                  (p.forwards || []).forEach(function (f) { forwards.push([p.deviceId, f.line, f.kind, f.target]); });
                });
                fill('sscp-forwards', forwards, 4, 'no forward set', function (f) {
                  var tr = document.createElement('tr'); f.forEach(function (v) { td(tr, v); }); return tr;
                });
              }
              function refresh() {
                fetch(url, { credentials: 'same-origin', cache: 'no-store' })
                  .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
                  .then(show)
                  .catch(function (e) {
                    document.getElementById('sscp-updated').textContent = 'refresh failed: ' + e.message;
                  });
              }
              setInterval(refresh, Number(root.getAttribute('data-refresh')) || 2000);
            })();
            """;
}
