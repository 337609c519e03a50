package org.sscpbridge.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.sscpbridge.sscp.codec.SscpCodec;
import org.sscpbridge.sscp.codec.SscpDecodeException;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.CallDirection;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.CallStateName;
import org.sscpbridge.sscp.message.Direction;
import org.sscpbridge.sscp.message.Frame;
import org.sscpbridge.sscp.message.PhoneMessage;
import org.sscpbridge.sscp.message.SoftKey;

/**
 * Throughput of the SSCP codec on typical messages, one shared codec as in the bridge.
 * Run: {@code mvn -B -o test-compile exec:exec@jmh -Djmh.args="-f 1 -wi 3 -i 5 -w 2s -r 2s CodecBenchmark"}.
 * Results are recorded in docs/BENCHMARKS.md.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {

    /** The codec, shared like the bridge shares it. */
    @State(Scope.Benchmark)
    public static class Codec {
        final SscpCodec codec = new SscpCodec();
    }

    /** The seed's SoftKeyEvent datagram exactly as printed (label line, unquoted values, {@code </xml>}). */
    @State(Scope.Benchmark)
    public static class SeedDatagram {
        byte[] bytes;

        @Setup
        public void load() throws IOException {
            try (InputStream in = CodecBenchmark.class.getResourceAsStream("/sscp/fixtures/seed-12-SoftKeyEvent-labelled.txt")) {
                bytes = in.readAllBytes();
            }
        }
    }

    /** A typical message, as a frame and as the well-formed bytes the encoder makes of it. */
    @State(Scope.Benchmark)
    public static class Typical {
        @Param({"KeepAlive", "CallState", "SoftKeyEvent"})
        public String message;

        Frame frame;
        Direction sender;
        byte[] bytes;

        @Setup
        public void build(Codec codec) {
            frame = switch (message) {
                case "KeepAlive" -> new Frame(new PhoneMessage.KeepAlive(), 17);
                case "CallState" -> new Frame(new BridgeMessage.CallState(new CallId("01002007"), 1,
                        CallStateName.RING_IN, new BridgeMessage.Party("1012", "Kim Sangmi", CallDirection.IN)), 4242);
                case "SoftKeyEvent" -> new Frame(new PhoneMessage.SoftKeyEvent(SoftKey.REDIAL, new CallId("01002007"), 23), 99);
                default -> throw new IllegalArgumentException(message);
            };
            sender = frame.type().sender();
            bytes = codec.codec.encode(frame);
        }
    }

    @Benchmark
    public Frame decodeSeedDialect(Codec codec, SeedDatagram seed) throws SscpDecodeException {
        return codec.codec.decode(Direction.PHONE, seed.bytes, 0, seed.bytes.length);
    }

    @Benchmark
    public Frame decodeWellFormed(Codec codec, Typical typical) throws SscpDecodeException {
        return codec.codec.decode(typical.sender, typical.bytes, 0, typical.bytes.length);
    }

    @Benchmark
    public byte[] encode(Codec codec, Typical typical) {
        return codec.codec.encode(typical.frame);
    }

    /** What a request/answer round costs: decode a datagram, encode a frame. */
    @Benchmark
    public byte[] decodeAndEncode(Codec codec, Typical typical) throws SscpDecodeException {
        Frame decoded = codec.codec.decode(typical.sender, typical.bytes, 0, typical.bytes.length);
        return codec.codec.encode(decoded);
    }
}
