package org.sscpbridge.sscp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.MessageType;
import org.sscpbridge.sscp.message.SscpMessage;

/** decode(encode(m)) equals m for many random valid messages of every type. */
class RoundTripPropertyTest {
    private static final int SAMPLES_PER_TYPE = 1500;
    private static final SscpCodec CODEC = new SscpCodec();

    @Test
    void everyMessageTypeHasAGenerator() {
        Set<MessageType> missing = EnumSet.allOf(MessageType.class);
        missing.removeAll(RandomMessages.GENERATORS.keySet());
        assertTrue(missing.isEmpty(), "no generator for " + missing);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void generatorMakesMessagesOfItsType(MessageType type) {
        RandomMessages random = new RandomMessages(type.ordinal());
        for (int i = 0; i < 50; i++) {
            assertEquals(type, random.next(type).type());
        }
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void decodeOfEncodeIsIdentity(MessageType type) throws SscpDecodeException {
        RandomMessages random = new RandomMessages(0x55C9L * 1000 + type.id());
        int largest = 0;
        for (int i = 0; i < SAMPLES_PER_TYPE; i++) {
            SscpMessage message = random.next(type);
            Frame frame = new Frame(message, random.seq());
            byte[] bytes = CODEC.encode(frame);
            largest = Math.max(largest, bytes.length);
            Frame decoded = CODEC.decode(type.sender(), bytes, 0, bytes.length);
            assertEquals(frame, decoded, () -> "round trip of " + new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
        assertTrue(largest <= SscpCodec.MAX_DATAGRAM);
    }
}
