package org.sscpbridge.phone;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the session handler with Jazzer: each input is a sequence of steps
 * (datagrams from three fake phones, raw or well-formed, answers to the bridge's requests, time
 * passing, far-end and registrar events, configuration changes) played through the real SSCP
 * server, sessions and call control ({@link SessionFuzzHarness}, which also holds the oracle).
 *
 * <p>In a normal {@code mvn test} this replays the stored inputs in
 * {@code src/test/resources/org/sscpbridge/phone/SscpSessionFuzzTestInputs/session/} (seeds and
 * every saved finding). To fuzz for real:
 * <pre>
 *   JAZZER_FUZZ=1 mvn -B -o test -Dtest=SscpSessionFuzzTest -Djazzer.max_duration=30m
 * </pre>
 */
class SscpSessionFuzzTest {
    static final String MAX_DURATION = "2m";

    @FuzzTest(maxDuration = MAX_DURATION)
    void session(FuzzedDataProvider data) throws Exception {
        try (SessionFuzzHarness harness = new SessionFuzzHarness(data.consumeBoolean())) {
            harness.run(data);
        }
    }
}
