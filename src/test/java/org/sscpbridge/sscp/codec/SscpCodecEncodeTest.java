package org.sscpbridge.sscp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.ForwardType;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;

/** What the encoder puts on the wire (SPEC §1 "senders emit well-formed XML"). */
class SscpCodecEncodeTest {
    private static final SscpCodec CODEC = new SscpCodec();

    private static String encode(Frame frame) {
        return new String(CODEC.encode(frame), StandardCharsets.UTF_8);
    }

    @Test
    void declarationQuotedAttributesAndSeqOnTheRoot() {
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><SSCP name=\"KeepAlive\" seq=\"7\"/>",
                encode(new Frame(new PhoneMessage.KeepAlive(), 7)));
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><SSCP name=\"SpeedDial\"><SpeedDial number=\"3\"/></SSCP>",
                encode(Frame.of(new PhoneMessage.SpeedDial(3))));
    }

    @Test
    void escapesSoThatTheParserReturnsTheSameString() {
        String xml = encode(Frame.of(new BridgeMessage.Error(400, "a<b>&\"'\t\n\r")));
        assertTrue(xml.contains("text=\"a&lt;b&gt;&amp;&quot;'&#9;&#10;&#13;\""), xml);
        String display = encode(Frame.of(new BridgeMessage.Display("]]> & <\r\n\t", 5)));
        assertTrue(display.contains("<Text timeout=\"5\">]]&gt; &amp; &lt;&#13;\n\t</Text>"), display);
    }

    @Test
    void emptyDisplayTextIsWrittenAndReadBackEmpty() throws SscpDecodeException {
        Frame frame = Frame.of(new BridgeMessage.Display("", 0));
        assertEquals(frame, CODEC.decode(Direction.BRIDGE, CODEC.encode(frame)));
    }

    @Test
    void forwardCancelOmitsTheNumber() {
        assertEquals("<?xml version=\"1.0\" encoding=\"UTF-8\"?><SSCP name=\"Forward\"><Address type=\"NoAnswer\"/></SSCP>",
                encode(Frame.of(new PhoneMessage.Forward(ForwardType.NO_ANSWER, ""))));
    }

    @Test
    void softKeyEventCarriesIdAndSeedLabel() {
        assertTrue(encode(Frame.of(new PhoneMessage.SoftKeyEvent(SoftKey.CONFERENCE, null, null)))
                .contains("<Event id=\"13\" name=\"Confrm\"/>"));
    }

    @Test
    void idleSoftKeySetIsWrittenAsOnHook() {
        String xml = encode(Frame.of(new BridgeMessage.PhoneLayout(List.of(), List.of(),
                List.of(new BridgeMessage.SoftKeySet(CallStateName.IDLE, List.of(SoftKey.NEW_CALL, SoftKey.REDIAL))), null)));
        assertTrue(xml.contains("<SoftKeySet state=\"OnHook\" keys=\"2,1\"/>"), xml);
    }

    @Test
    void everyEncodingIsWellFormedForAPlainStrictParser() throws XMLStreamException {
        XMLInputFactory strict = new WstxInputFactory();
        strict.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        RandomMessages random = new RandomMessages(99);
        for (int i = 0; i < 3_000; i++) {
            byte[] bytes = CODEC.encode(random.nextFrame());
            XMLStreamReader reader = strict.createXMLStreamReader(new ByteArrayInputStream(bytes));
            assertEquals("UTF-8", reader.getCharacterEncodingScheme());
            int roots = 0;
            while (reader.hasNext()) {
                if (reader.next() == XMLStreamReader.START_ELEMENT && reader.getLocalName().equals("SSCP")) {
                    roots++;
                }
            }
            assertEquals(1, roots);
            String text = new String(bytes, StandardCharsets.UTF_8);
            assertTrue(text.endsWith("/>") || text.endsWith("</SSCP>"), "nothing after the root");
        }
    }

    @Test
    void messageLargerThanADatagramIsRefused() {
        List<BridgeMessage.LineInfo> lines = new ArrayList<>(Collections.nCopies(64,
                new BridgeMessage.LineInfo(1, "&".repeat(40), null)));
        Frame frame = Frame.of(new BridgeMessage.RegisterAck(30, null, lines));
        SscpEncodeException e = assertThrows(SscpEncodeException.class, () -> CODEC.encode(frame));
        assertTrue(e.getMessage().contains("RegisterAck"), e.getMessage());
    }

    @Test
    void largestValuesRoundTrip() throws SscpDecodeException {
        Frame display = Frame.of(new BridgeMessage.Display("&".repeat(1024), 86_400));
        byte[] displayBytes = CODEC.encode(display);
        assertTrue(displayBytes.length > 5 * 1024);
        assertEquals(display, CODEC.decode(Direction.BRIDGE, displayBytes));

        Frame error = Frame.of(new BridgeMessage.Error(699, "\"".repeat(1024)));
        byte[] errorBytes = CODEC.encode(error);
        assertTrue(errorBytes.length > 6 * 1024);
        assertEquals(error, CODEC.decode(Direction.BRIDGE, errorBytes));
    }
}
