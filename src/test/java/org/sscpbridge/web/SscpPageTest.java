package org.sscpbridge.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sscpbridge.bridge.BridgeStatus;
import org.sscpbridge.call.RegistrationState;
import org.sscpbridge.feature.forward.Forwards;
import org.sscpbridge.phone.CallSnapshot;
import org.sscpbridge.phone.ForwardSnapshot;
import org.sscpbridge.phone.LineSnapshot;
import org.sscpbridge.phone.PhoneSnapshot;

/** The page and its JSON from a fixed view; whatever a phone or a SIP peer sent is text, never markup. */
class SscpPageTest {
    private static final String EVIL = "</script><img src=x onerror=\"alert(1)\">'&";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:30Z");

    private static BridgeView view(boolean enabled) {
        BridgeStatus status = new BridgeStatus(enabled, "127.0.0.1:2000", "127.0.0.1:5070", "sip:127.0.0.1:5060",
                1, 1, 1, "received 7: delivered 7", "refused: " + EVIL);
        PhoneSnapshot phone = new PhoneSnapshot("SEP0000000000A1", "127.0.0.1:40000", "registered", true, false,
                Instant.parse("2026-12-01T10:00:00Z"),
                List.of(new LineSnapshot(1, "2001", RegistrationState.REGISTERED, ""),
                        new LineSnapshot(2, "2002", RegistrationState.FAILED, "403 " + EVIL)),
                List.of(new ForwardSnapshot(1, Forwards.Kind.BUSY, "2009")));
        CallSnapshot call = new CallSnapshot("00000001", "SEP0000000000A1", 1, "in", EVIL, "Connected", "c1@h");
        return new BridgeView(status, List.of(phone), List.of(call), NOW);
    }

    @Test
    void jsonCarriesPhonesLinesCallsCountersAndEnabled() throws Exception {
        String json = view(true).toJson();
        JsonNode d = new ObjectMapper().readTree(json);
        assertTrue(d.get("enabled").asBoolean());
        JsonNode phone = d.get("phones").get(0);
        assertEquals("SEP0000000000A1", phone.get("deviceId").asText());
        assertEquals("127.0.0.1:40000", phone.get("address").asText());
        assertTrue(phone.get("dnd").asBoolean());
        assertFalse(phone.get("headset").asBoolean());
        assertEquals("2026-12-01T10:00:00Z", phone.get("lastSeen").asText());
        assertEquals(30, phone.get("lastSeenSecondsAgo").asInt());
        assertEquals("2001", phone.get("lines").get(0).get("number").asText());
        assertEquals("registered", phone.get("lines").get(0).get("registration").asText());
        assertEquals("failed", phone.get("lines").get(1).get("registration").asText());
        assertEquals("403 " + EVIL, phone.get("lines").get(1).get("reason").asText());
        assertEquals("busy", phone.get("forwards").get(0).get("kind").asText());
        assertEquals("2009", phone.get("forwards").get(0).get("target").asText());
        JsonNode call = d.get("calls").get(0);
        assertEquals("00000001", call.get("callId").asText());
        assertEquals(EVIL, call.get("farParty").asText());
        assertEquals("c1@h", call.get("sipCallId").asText());
        assertEquals(1, d.get("counters").get("phones").asInt());
        assertEquals(1, d.get("counters").get("linesRegistered").asInt());
        assertEquals(1, d.get("counters").get("calls").asInt());
        assertEquals("received 7: delivered 7", d.get("counters").get("sscpDatagrams").asText());
        assertEquals("refused: " + EVIL, d.get("status").get("lastError").asText());
        assertTrue(d.get("status").get("text").asText().startsWith("SSCP bridge: enabled"));
    }

    @Test
    void jsonEscapesMarkupAndQuotes() {
        String json = view(true).toJson();
        assertFalse(json.contains("<"), json);
        assertFalse(json.contains(">"), json);
        assertFalse(json.contains("'"), json);
        assertTrue(json.contains("\\u003c/script\\u003e"), json);
        assertEquals("\"a\\\"b\\\\c\\n\\u0001\\u2028\"", Json.toJson("a\"b\\c\n\u0001\u2028"));
    }

    @Test
    void pageShowsEverythingEscaped() {
        String html = SscpPage.render("/system/console/sscp", view(true), "enable failed: " + EVIL);
        // Only the page's own script element; the evil text appears encoded, as text.
        assertEquals(1, count(html, "<script"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("onerror=\"alert"), html);
        assertTrue(html.contains("&lt;/script&gt;&lt;img src=x onerror=&#34;alert(1)&#34;&gt;&#39;&amp;"), html);
        assertTrue(html.contains("data-device=\"SEP0000000000A1\""), html);
        assertTrue(html.contains("line 1: 2001 registered"), html);
        assertTrue(html.contains("line 2: 2002 failed (403 &lt;/script&gt;"), html);
        assertTrue(html.contains("2026-12-01T10:00:00Z (30 s ago)"), html);
        assertTrue(html.contains("<td>busy</td><td>2009</td>"), html);
        assertTrue(html.contains("id=\"sscp-enabled\" class=\"enabled\">enabled<"), html);
        assertTrue(html.contains("data-json=\"/system/console/sscp.json\""), html);
        assertTrue(html.contains("id=\"sscp-enable\" disabled>Enable"), html);
        assertTrue(html.contains("id=\"sscp-disable\">Disable"), html);
        assertTrue(html.contains("action=\"/system/console/sscp\""), html);
    }

    @Test
    void aDisabledBridgeWithNothingOffersEnable() {
        BridgeStatus status = new BridgeStatus(false, "0.0.0.0:2000", "-", "-", 0, 0, 0, "", null);
        String html = SscpPage.render("/system/console/sscp", new BridgeView(status, List.of(), List.of(), NOW), null);
        assertTrue(html.contains("class=\"disabled\">disabled<"), html);
        assertTrue(html.contains("id=\"sscp-enable\">Enable"), html);
        assertTrue(html.contains("id=\"sscp-disable\" disabled>Disable"), html);
        assertTrue(html.contains("no phone registered") && html.contains("no live call")
                && html.contains("no forward set"), html);
    }

    @Test
    void theScriptWritesTextOnly() {
        assertFalse(SscpPage.SCRIPT.contains("innerHTML"));
        assertFalse(SscpPage.SCRIPT.contains("insertAdjacentHTML"));
        assertFalse(SscpPage.SCRIPT.contains("document.write"));
    }

    @Test
    void postsAreAcceptedFromTheConsoleItselfOnly() {
        assertTrue(SscpConsoleServlet.sameOrigin("http://127.0.0.1:8080", null, "127.0.0.1:8080"));
        assertTrue(SscpConsoleServlet.sameOrigin(null, "http://127.0.0.1:8080/system/console/sscp", "127.0.0.1:8080"));
        assertTrue(SscpConsoleServlet.sameOrigin(null, "http://admin:admin@127.0.0.1:8080/system/console/sscp",
                "127.0.0.1:8080"));
        assertTrue(SscpConsoleServlet.sameOrigin(null, null, "127.0.0.1:8080"), "a script, not a browser");
        assertFalse(SscpConsoleServlet.sameOrigin("http://evil.example", null, "127.0.0.1:8080"));
        assertFalse(SscpConsoleServlet.sameOrigin("null", null, "127.0.0.1:8080"));
        assertFalse(SscpConsoleServlet.sameOrigin("http://127.0.0.1:9090", null, "127.0.0.1:8080"));
        assertFalse(SscpConsoleServlet.sameOrigin(null, "http://evil.example/x", "127.0.0.1:8080"));
    }

    private static int count(String s, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
