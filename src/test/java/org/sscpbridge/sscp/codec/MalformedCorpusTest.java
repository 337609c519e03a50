package org.sscpbridge.sscp.codec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sscpbridge.sscp.message.Direction;

/**
 * Every file of {@code src/test/resources/sscp/corpus/} decodes to the outcome listed for it in
 * {@code corpus.properties}: refused with the right SSCP error code, quickly, and with nothing but
 * an SscpDecodeException.
 */
class MalformedCorpusTest {
    private static final String CORPUS = "/sscp/corpus/";
    private static final Duration QUICKLY = Duration.ofMillis(500);
    private static final SscpCodec CODEC = new SscpCodec();

    static Properties outcomes() throws IOException {
        Properties p = new Properties();
        try (InputStream in = MalformedCorpusTest.class.getResourceAsStream(CORPUS + "corpus.properties")) {
            p.load(in);
        }
        return p;
    }

    static Stream<Arguments> corpus() throws IOException {
        Properties p = outcomes();
        return new TreeSet<>(p.stringPropertyNames()).stream().map(f -> Arguments.of(f, p.getProperty(f).trim()));
    }

    @Test
    void everyCorpusFileHasAnOutcomeAndEveryOutcomeAFile() throws IOException, URISyntaxException {
        URL dir = MalformedCorpusTest.class.getResource(CORPUS);
        Set<String> files = new TreeSet<>(Arrays.asList(new File(dir.toURI()).list()));
        files.remove("corpus.properties");
        assertEquals(files, new TreeSet<>(outcomes().stringPropertyNames()));
        assertTrue(files.size() >= 60, "corpus of " + files.size());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("corpus")
    void decodesToTheListedOutcome(String file, String outcome) {
        byte[] data = TestResources.bytes(CORPUS + file);
        if (outcome.equals("ok")) {
            assertDoesNotThrow(() -> CODEC.decode(Direction.PHONE, data));
            return;
        }
        String[] parts = outcome.split("\\s+");
        int code = Integer.parseInt(parts[0]);
        boolean messageLevel = parts.length > 1 && parts[1].equals("message");

        SscpDecodeException e = assertTimeoutPreemptively(QUICKLY,
                () -> assertThrows(SscpDecodeException.class, () -> CODEC.decode(Direction.PHONE, data)));
        assertEquals(code, e.errorCode(), e.getMessage());
        assertFalse(e.reason().isBlank());
        assertFalse(e.reason().contains("root:x:0:0"), "no file content leaks into a reason");

        if (messageLevel) {
            assertDoesNotThrow(() -> CODEC.decodeTree(data, 0, data.length), "the XML itself is acceptable");
        } else {
            SscpDecodeException treeFailure = assertThrows(SscpDecodeException.class,
                    () -> CODEC.decodeTree(data, 0, data.length));
            assertEquals(code, treeFailure.errorCode());
        }
    }
}
