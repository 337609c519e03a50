package org.sscpbridge.sscp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The parser on its own, without the seed-dialect repair in front: it must refuse DTDs and
 * entities by itself, so that the repair step is a convenience and never the only defence.
 */
class HardenedXmlParserTest {
    private static final HardenedXmlParser PARSER = new HardenedXmlParser();

    private static XmlElement parse(String xml) throws SscpDecodeException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        return PARSER.parse(new RepairedXml(bytes, bytes.length));
    }

    @Test
    void factoriesAreWoodstoxNamedExplicitlyAndHardened() {
        XMLInputFactory in = PARSER.xmlFactory().getXMLInputFactory();
        assertInstanceOf(WstxInputFactory.class, in);
        assertInstanceOf(WstxOutputFactory.class, PARSER.xmlFactory().getXMLOutputFactory());
        assertEquals(Boolean.FALSE, in.getProperty(XMLInputFactory.SUPPORT_DTD));
        assertEquals(Boolean.FALSE, in.getProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES));
        assertEquals(8, in.getProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH));
        assertEquals(256L, ((Number) in.getProperty(WstxInputProperties.P_MAX_ELEMENT_COUNT)).longValue());
        assertEquals(1024, in.getProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>",
        "<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r/>",
        "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>",
        "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://127.0.0.1:1/x\"> %p;]><r/>",
        "<r>&undeclared;</r>",
        "<r><?php system('id'); ?></r>",
        "<?pi x?><r/>",
    })
    void refusesDtdsEntitiesAndProcessingInstructions(String xml) {
        SscpDecodeException e = assertThrows(SscpDecodeException.class, () -> parse(xml));
        assertEquals(400, e.errorCode());
        assertFalse(e.reason().contains("root:"), "never shows file content: " + e.reason());
    }

    @Test
    void enforcesItsOwnLimits() {
        assertEquals(400, assertThrows(SscpDecodeException.class,
                () -> parse("<a>".repeat(9) + "</a>".repeat(9))).errorCode());
        assertEquals(400, assertThrows(SscpDecodeException.class,
                () -> parse("<r>" + "<e/>".repeat(256) + "</r>")).errorCode());
        assertEquals(400, assertThrows(SscpDecodeException.class,
                () -> parse("<r a=\"" + "x".repeat(1025) + "\"/>")).errorCode());
    }

    @Test
    void keepsLimitsInclusive() throws SscpDecodeException {
        assertEquals(1024, parse("<r a=\"" + "&amp;".repeat(1024) + "\"/>").attribute("a").length());
        XmlElement deep = parse("<a>".repeat(8) + "</a>".repeat(8));
        int depth = 1;
        for (XmlElement e = deep; !e.children().isEmpty(); e = e.children().get(0)) {
            depth++;
        }
        assertEquals(8, depth);
        assertEquals(255, parse("<r>" + "<e/>".repeat(255) + "</r>").children().size());
    }

    @Test
    void textIsConcatenatedAcrossCommentsAndCdata() throws SscpDecodeException {
        assertEquals("ab<c>d", parse("<r>a<!-- c -->b<![CDATA[<c>]]>d<x/></r>").text());
        assertTrue(parse("<r/>").text().isEmpty());
    }
}
