package org.sscpbridge.sscp.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the decoder with Jazzer.
 *
 * <p>In a normal {@code mvn test} this runs in regression mode: once per stored input in
 * {@code src/test/resources/org/sscpbridge/sscp/codec/SscpDecoderFuzzTestInputs/decode/} (seed
 * fixtures and corpus files) plus any crash Jazzer saved there. To fuzz for real:
 * <pre>
 *   JAZZER_FUZZ=1 mvn -B -o test -Dtest=SscpDecoderFuzzTest -Djazzer.max_duration=5m
 * </pre>
 * (without {@code -Djazzer.max_duration} it fuzzes for {@link #MAX_DURATION}). New findings are
 * written to the inputs folder above and replayed by every later build.
 */
class SscpDecoderFuzzTest {
    static final String MAX_DURATION = "2m";

    private static final SscpCodec CODEC = new SscpCodec();

    @FuzzTest(maxDuration = MAX_DURATION)
    void decode(byte[] data) {
        new DecoderOracle(CODEC).check(data);
    }
}
