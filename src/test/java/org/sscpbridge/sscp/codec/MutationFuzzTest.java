package org.sscpbridge.sscp.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Plain, seeded mutation fuzzing of the decoder in every build (Jazzer's regression mode only
 * replays its stored inputs): 200 000 mutants of the seed fixtures, the malformed corpus and
 * valid encodings (bit flips, byte and token insertions, deletions, truncations, duplications,
 * splices), each checked by {@link DecoderOracle}.
 */
class MutationFuzzTest {
    private static final int MUTANTS = 200_000;
    private static final long SEED = 0x5C0DEC;
    private static final byte[] INTERESTING_BYTES = "<>/=\"'&!?;# \n\t\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final String[] TOKENS = {"<", ">", "/>", "</", "</x>", "<a>", "=", "\"", "'", "&amp;", "&#10;", "&#0;",
        "&x;", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE x>", "<!ENTITY e 'x'>", "<?xml version=\"1.0\"?>", "<?pi?>",
        "seq=", "seq=4294967296", "name=", "id=", "\uFEFF", "\u00e9", "\uD83D\uDE00", "SSCP", "Ack", "On/Off", " ", "\r\n"};

    @Test
    void decoderSurvivesTwoHundredThousandMutants() {
        List<byte[]> seeds = seeds();
        Random random = new Random(SEED);
        DecoderOracle oracle = new DecoderOracle(new SscpCodec());
        long start = System.nanoTime();
        for (int i = 0; i < MUTANTS; i++) {
            byte[] mutant = mutate(random, seeds);
            try {
                oracle.check(mutant);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("mutant " + i + " failed: " + HexFormat.of().formatHex(mutant), e);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // Some mutants must still decode, or the fuzzing would only exercise the first checks.
        assertTrue(oracle.decoded() > MUTANTS / 50, "decoded " + oracle.decoded() + " of " + 2 * MUTANTS);
        assertTrue(oracle.refused() > MUTANTS / 2, "refused " + oracle.refused());
        assertTrue(millis < 60_000, "took " + millis + " ms");
    }

    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String name : new String[] {"09-SpeedDial", "10-Forward", "11-HeadsetStatus", "12-SoftKeyEvent", "14-PhoneBook"}) {
            seeds.add(TestResources.fixture("seed-" + name + ".xml"));
            seeds.add(TestResources.fixture("seed-" + name + "-labelled.txt"));
        }
        Properties corpus = loadCorpusIndex();
        for (String file : corpus.stringPropertyNames()) {
            seeds.add(TestResources.bytes("/sscp/corpus/" + file));
        }
        RandomMessages messages = new RandomMessages(SEED);
        SscpCodec codec = new SscpCodec();
        for (int i = 0; i < 200; i++) {
            seeds.add(codec.encode(messages.nextFrame()));
        }
        return seeds;
    }

    private static Properties loadCorpusIndex() {
        Properties p = new Properties();
        try (var in = MutationFuzzTest.class.getResourceAsStream("/sscp/corpus/corpus.properties")) {
            p.load(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    static byte[] mutate(Random random, List<byte[]> seeds) {
        byte[] data = seeds.get(random.nextInt(seeds.size()));
        int rounds = 1 + random.nextInt(random.nextInt(8) == 0 ? 8 : 2);
        for (int r = 0; r < rounds; r++) {
            data = mutateOnce(random, data, seeds);
        }
        return data;
    }

    private static byte[] mutateOnce(Random random, byte[] data, List<byte[]> seeds) {
        int n = data.length;
        switch (random.nextInt(8)) {
            case 0 -> { // flip one bit
                if (n == 0) {
                    return data;
                }
                byte[] copy = data.clone();
                copy[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
                return copy;
            }
            case 1 -> { // overwrite one byte with an interesting or random byte
                if (n == 0) {
                    return data;
                }
                byte[] copy = data.clone();
                copy[random.nextInt(n)] = random.nextBoolean()
                        ? INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)] : (byte) random.nextInt(256);
                return copy;
            }
            case 2 -> { // insert a syntax token
                byte[] token = TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
                return splice(data, random.nextInt(n + 1), 0, token);
            }
            case 3 -> { // delete a range
                if (n == 0) {
                    return data;
                }
                int at = random.nextInt(n);
                return splice(data, at, 1 + random.nextInt(Math.min(16, n - at)), new byte[0]);
            }
            case 4 -> { // truncate
                return Arrays.copyOf(data, random.nextInt(n + 1));
            }
            case 5 -> { // duplicate a range in place
                if (n == 0) {
                    return data;
                }
                int at = random.nextInt(n);
                int length = 1 + random.nextInt(Math.min(64, n - at));
                return splice(data, at, 0, Arrays.copyOfRange(data, at, at + length));
            }
            case 6 -> { // splice: head of this input, tail of another
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                int cut = random.nextInt(n + 1);
                int from = random.nextInt(other.length + 1);
                byte[] out = Arrays.copyOf(data, cut + other.length - from);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
            default -> { // swap two bytes
                if (n < 2) {
                    return data;
                }
                byte[] copy = data.clone();
                int a = random.nextInt(n);
                int b = random.nextInt(n);
                byte t = copy[a];
                copy[a] = copy[b];
                copy[b] = t;
                return copy;
            }
        }
    }

    private static byte[] splice(byte[] data, int at, int remove, byte[] insert) {
        byte[] out = new byte[data.length - remove + insert.length];
        System.arraycopy(data, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(data, at + remove, out, at + insert.length, data.length - at - remove);
        return out;
    }
}
