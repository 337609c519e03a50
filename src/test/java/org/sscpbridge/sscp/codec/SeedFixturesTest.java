package org.sscpbridge.sscp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.PhoneBookAction;
import org.sscpbridge.sscp.message.PhoneBookEntry;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;

/**
 * The seed's five datagrams (copied byte for byte from the shared fixtures), with and without
 * their label line, decode to exactly what {@code expected.json} says.
 */
class SeedFixturesTest {
    private static final SscpCodec CODEC = new SscpCodec();
    private static JsonNode expected;

    @BeforeAll
    static void readExpectations() throws IOException {
        expected = new ObjectMapper().readTree(TestResources.fixture("expected.json"));
    }

    static Stream<Arguments> fixtures() throws IOException {
        JsonNode all = new ObjectMapper().readTree(TestResources.fixture("expected.json"));
        List<Arguments> cases = new ArrayList<>();
        for (Iterator<String> it = all.fieldNames(); it.hasNext(); ) {
            String xml = it.next();
            if (xml.startsWith("_")) {
                continue;
            }
            cases.add(Arguments.of(xml, xml));
            cases.add(Arguments.of(labelledTwin(xml), xml));
        }
        return cases.stream();
    }

    private static String labelledTwin(String xmlFile) {
        return xmlFile.replace(".xml", "-labelled.txt");
    }

    @Test
    void expectationsCoverTheFiveSeedMessages() {
        List<String> names = new ArrayList<>();
        expected.fieldNames().forEachRemaining(names::add);
        names.removeIf(n -> n.startsWith("_"));
        assertEquals(List.of("seed-09-SpeedDial.xml", "seed-10-Forward.xml", "seed-11-HeadsetStatus.xml",
                "seed-12-SoftKeyEvent.xml", "seed-14-PhoneBook.xml"), names);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void treeIsWhatExpectedJsonSays(String file, String key) throws SscpDecodeException {
        JsonNode want = expected.get(key);
        byte[] data = TestResources.fixture(file);
        XmlElement root = CODEC.decodeTree(data, 0, data.length);

        assertEquals("SSCP", root.name());
        assertEquals(want.get("name").asText(), root.attribute("name"));
        MessageType type = MessageType.byName(Direction.PHONE, root.attribute("name")).orElseThrow();
        assertEquals(want.get("id").asInt(), type.id());

        List<List<Object>> wantChildren = new ArrayList<>();
        for (JsonNode child : want.get("children")) {
            List<List<String>> attributes = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = child.get(1).fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> a = it.next();
                attributes.add(List.of(a.getKey(), a.getValue().asText()));
            }
            wantChildren.add(List.of(child.get(0).asText(), attributes));
        }
        List<List<Object>> gotChildren = new ArrayList<>();
        for (XmlElement child : root.children()) {
            List<List<String>> attributes = new ArrayList<>();
            for (XmlAttribute a : child.attributes()) {
                attributes.add(List.of(a.name(), a.value().strip()));
            }
            gotChildren.add(List.of(child.name(), attributes));
        }
        assertEquals(wantChildren, gotChildren, "children in order, with attributes in order");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void labelledTwinIsTheLabelLinePlusTheXmlBytes(String file, String key) {
        byte[] xml = TestResources.fixture(key);
        byte[] twin = TestResources.fixture(file);
        byte[] tail = Arrays.copyOfRange(twin, twin.length - xml.length, twin.length);
        assertArrayEquals(xml, tail);
        assertTrue(twin.length == xml.length || twin[twin.length - xml.length - 1] == '\n');
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void typedDecodeFollowsTheAnswerColumn(String file, String key) {
        JsonNode answer = expected.get(key).get("answer");
        byte[] data = TestResources.fixture(file);
        MessageType type = MessageType.byName(Direction.PHONE, expected.get(key).get("name").asText()).orElseThrow();
        if (answer.isTextual() && answer.asText().startsWith("Error 400")) {
            SscpDecodeException e = assertThrows(SscpDecodeException.class, () -> CODEC.decode(Direction.PHONE, data));
            assertEquals(400, e.errorCode());
            assertEquals(type, e.messageType());
            assertEquals(Frame.NO_SEQ, e.seq());
            return;
        }
        Frame frame = assertDoesNotThrowDecode(data);
        assertEquals(type, frame.type());
        assertEquals(Frame.NO_SEQ, frame.seq());
        if (answer.isTextual()) {
            MessageType answerType = MessageType.byName(Direction.BRIDGE, answer.asText()).orElseThrow();
            assertTrue(answerType.answers(type), answerType + " answers " + type);
        } else {
            assertTrue(answer.isNull());
            assertTrue(MessageType.BRIDGE_ACK.answers(type), "only an Ack, and only with seq");
        }
    }

    @Test
    void speedDial() {
        assertEquals(new PhoneMessage.SpeedDial(3), decode("seed-09-SpeedDial.xml"));
    }

    @Test
    void forwardDefaultsToAll() {
        assertEquals(new PhoneMessage.Forward(ForwardType.ALL, "1012"), decode("seed-10-Forward.xml"));
    }

    @Test
    void headsetStatusPlaceholderIsRefusedButVisibleInTheTree() throws SscpDecodeException {
        byte[] data = TestResources.fixture("seed-11-HeadsetStatus.xml");
        XmlElement mode = CODEC.decodeTree(data, 0, data.length).child("Mode");
        assertEquals("On/Off", mode.attribute("type"));
        SscpDecodeException e = assertThrows(SscpDecodeException.class, () -> CODEC.decode(Direction.PHONE, data));
        assertEquals(400, e.errorCode());
        assertTrue(e.reason().contains("Mode@type"), e.reason());
        assertTrue(e.reason().contains("placeholder"), e.reason());
    }

    @Test
    void softKeyEvent() {
        assertEquals(new PhoneMessage.SoftKeyEvent(SoftKey.REDIAL, new CallId("01002007"), 23),
                decode("seed-12-SoftKeyEvent.xml"));
    }

    @Test
    void phoneBookDefaultsToSearch() {
        assertEquals(new PhoneMessage.PhoneBook(PhoneBookAction.SEARCH,
                new PhoneBookEntry("test1012", "kim", "sangmi", null)), decode("seed-14-PhoneBook.xml"));
    }

    @Test
    void fixturesAreNotAnsweredByABridgeMessageThatIsNotInTheTable() {
        assertNull(MessageType.byName(Direction.PHONE, "RegisterAck").orElse(null));
    }

    private static Object decode(String file) {
        return assertDoesNotThrowDecode(TestResources.fixture(file)).message();
    }

    private static Frame assertDoesNotThrowDecode(byte[] data) {
        try {
            return CODEC.decode(Direction.PHONE, data);
        } catch (SscpDecodeException e) {
            throw new AssertionError("decode failed: " + e.getMessage(), e);
        }
    }
}
