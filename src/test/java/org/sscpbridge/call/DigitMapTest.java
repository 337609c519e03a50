package org.sscpbridge.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sscpbridge.call.DigitMap.Match;
import org.sscpbridge.call.DigitMap.Result;
import org.sscpbridge.config.BridgeConfigParser;

class DigitMapTest {

    private static final DigitMap NANP = DigitMap.parse("[2-9]xxxxxx|1xxxxxxxxxx|011x.T|*[0-9][0-9]|0T");

    private static void check(DigitMap map, String dialled, Result result, String number) {
        Match m = map.match(dialled == null ? "" : dialled);
        assertEquals(new Match(result, number == null ? "" : number), m,
                () -> "map " + map + ", dialled '" + dialled + "'");
    }

    @ParameterizedTest(name = "default map: ''{0}'' -> {1} ''{2}''")
    @CsvSource(nullValues = "NULL", value = {
        // nothing yet
        "'',            PARTIAL,             ''",
        // four-digit extensions
        "1,             PARTIAL,             1",
        "12,            PARTIAL,             12",
        "123,           PARTIAL,             123",
        "1234,          COMPLETE,            1234",
        "0000,          COMPLETE,            0000",
        "12345,         NO_MATCH,            12345",
        "8765,          COMPLETE,            8765",
        // feature codes
        "*,             PARTIAL,             *",
        "*7,            PARTIAL,             *7",
        "*72,           COMPLETE,            *72",
        "*00,           COMPLETE,            *00",
        "*723,          NO_MATCH,            *723",
        "**,            NO_MATCH,            **",
        "*1*,           NO_MATCH,            *1*",
        // outside line: 9, any digits, '#' to send
        "9,             PARTIAL,             9",
        "90,            PARTIAL,             90",
        "912,           PARTIAL,             912",
        "9123,          COMPLETE_ON_TIMEOUT, 9123",
        "91234,         PARTIAL,             91234",
        "9123#,         COMPLETE,            9123",
        "91#,           COMPLETE,            91",
        "9#,            COMPLETE,            9",
        "901234567890,  PARTIAL,             901234567890",
        "901234567890#, COMPLETE,            901234567890",
        "9123##,        COMPLETE,            9123",
        "9*,            NO_MATCH,            9*",
        "912*,          NO_MATCH,            912*",
        // '#' = send now on a partial or complete prefix
        "1#,            COMPLETE,            1",
        "12#,           COMPLETE,            12",
        "123#,          COMPLETE,            123",
        "1234#,         COMPLETE,            1234",
        "*#,            COMPLETE,            *",
        "*7#,           COMPLETE,            *7",
        "*72#,          COMPLETE,            *72",
        "12345#,        NO_MATCH,            12345#",
        "#,             NO_MATCH,            #",
        "##,            NO_MATCH,            ##",
        "1#2,           NO_MATCH,            1#2",
        "1##,           NO_MATCH,            1##",
        // junk
        "12a,           NO_MATCH,            12a",
        "'1 2',         NO_MATCH,            '1 2'",
        "+49,           NO_MATCH,            +49",
    })
    void defaultMap(String dialled, Result result, String number) {
        check(DigitMap.DEFAULT, dialled, result, number);
    }

    @ParameterizedTest(name = "NANP map: ''{0}'' -> {1} ''{2}''")
    @CsvSource({
        "'',           PARTIAL,             ''",
        "2,            PARTIAL,             2",
        "234567,       PARTIAL,             234567",
        "2345678,      COMPLETE,            2345678",
        "9999999,      COMPLETE,            9999999",
        "23456789,     NO_MATCH,            23456789",
        "1,            PARTIAL,             1",
        "1234567890,   PARTIAL,             1234567890",
        "12345678901,  COMPLETE,            12345678901",
        "123456789012, NO_MATCH,            123456789012",
        "0,            COMPLETE_ON_TIMEOUT, 0",
        "01,           PARTIAL,             01",
        "011,          COMPLETE_ON_TIMEOUT, 011",
        "0114,         COMPLETE_ON_TIMEOUT, 0114",
        "01144207946,  COMPLETE_ON_TIMEOUT, 01144207946",
        "02,           NO_MATCH,            02",
        "00,           NO_MATCH,            00",
        "*,            PARTIAL,             *",
        "*6,           PARTIAL,             *6",
        "*69,          COMPLETE,            *69",
        "*690,         NO_MATCH,            *690",
        "*a,           NO_MATCH,            *a",
        "**,           NO_MATCH,            **",
        // send now
        "0#,           COMPLETE,            0",
        "01#,          COMPLETE,            01",
        "01144#,       COMPLETE,            01144",
        "234#,         COMPLETE,            234",
        "2345678#,     COMPLETE,            2345678",
        "*6#,          COMPLETE,            *6",
        "02#,          NO_MATCH,            02#",
        "#,            NO_MATCH,            #",
    })
    void nanpMap(String dialled, Result result, String number) {
        check(NANP, dialled, result, number);
    }

    @ParameterizedTest(name = "''{0}'' on ''{1}'' -> {2} ''{3}''")
    @CsvSource(delimiter = ';', value = {
        // shortest unambiguous: an exact match with a longer one possible waits for the timer
        "xxxx|xxxxx;       1234;     COMPLETE_ON_TIMEOUT; 1234",
        "xxxx|xxxxx;       12345;    COMPLETE;            12345",
        "xxxx|xxxxx;       123;      PARTIAL;             123",
        "xxxx|xxxxx;       123456;   NO_MATCH;            123456",
        "xxxxx|xxxx;       1234;     COMPLETE_ON_TIMEOUT; 1234",
        // sets and ranges
        "[137]x;           11;       COMPLETE;            11",
        "[137]x;           71;       COMPLETE;            71",
        "[137]x;           21;       NO_MATCH;            21",
        "[1-5]x;           59;       COMPLETE;            59",
        "[1-5]x;           69;       NO_MATCH;            69",
        "[1-3*]x;          *5;       COMPLETE;            *5",
        "[1-3*]x;          25;       COMPLETE;            25",
        "[1-3*]x;          45;       NO_MATCH;            45",
        "[0-9*#]x;         #5;       COMPLETE;            #5",
        "[x*];             *;        COMPLETE;            *",
        "[x*];             7;        COMPLETE;            7",
        "[1-24-5];         4;        COMPLETE;            4",
        "[1-24-5];         3;        NO_MATCH;            3",
        "[5-5]x;           55;       COMPLETE;            55",
        "[ 1 - 3 ]x;       21;       COMPLETE;            21",
        // case and blanks
        "XX;               12;       COMPLETE;            12",
        "0xt;              01;       COMPLETE_ON_TIMEOUT; 01",
        " xxxx | *xx ;     *12;      COMPLETE;            *12",
        // parentheses
        "(xxxx|*xx);       1234;     COMPLETE;            1234",
        "(xxxx|*xx);       *1;       PARTIAL;             *1",
        "( xx );           12;       COMPLETE;            12",
        // repetition
        "x.;               '';       PARTIAL;             ''",
        "x.;               1;        COMPLETE_ON_TIMEOUT; 1",
        "x.;               123456;   COMPLETE_ON_TIMEOUT; 123456",
        "1.2;              2;        COMPLETE;            2",
        "1.2;              1112;     COMPLETE;            1112",
        "1.2;              1;        PARTIAL;             1",
        "1.2;              13;       NO_MATCH;            13",
        "x.x.x.;           123;      COMPLETE_ON_TIMEOUT; 123",
        "9x.;              9;        COMPLETE_ON_TIMEOUT; 9",
        "*x.*;             *12*;     COMPLETE;            *12*",
        "*x.*;             **;       COMPLETE;            **",
        // timer
        "xxT;              1;        PARTIAL;             1",
        "xxT;              12;       COMPLETE_ON_TIMEOUT; 12",
        "xxT;              123;      NO_MATCH;            123",
        "xxT|xxx;          12;       COMPLETE_ON_TIMEOUT; 12",
        "xxT|xxx;          123;      COMPLETE;            123",
        "x.T;              5;        COMPLETE_ON_TIMEOUT; 5",
        // '#' in the map
        "*xx#;             *12;      PARTIAL;             *12",
        "*xx#;             *12#;     COMPLETE;            *12",
        "x.[#];            12#;      COMPLETE;            12",
        "x.#x;             12#;      PARTIAL;             12#",
        "x.#x;             12#3;     COMPLETE;            12#3",
        "x[0#];            1#;       COMPLETE;            1#",
        "x[0#];            10;       COMPLETE;            10",
        "#xx;              #12;      COMPLETE;            #12",
        "#xx;              #;        PARTIAL;             #",
        "*[0-9]#xx;        *5#;      PARTIAL;             *5#",
        "*[0-9]#xx;        *5#12;    COMPLETE;            *5#12",
        "x.##;             1##;      COMPLETE;            1#",
        "x#.;              1##;      COMPLETE_ON_TIMEOUT; 1##",
        "9x.#|9x.T;        91;       COMPLETE_ON_TIMEOUT; 91",
        "9x.#|9x.T;        91#;      COMPLETE;            91",
        "xxxx|xxxx#xx;     1234#;    PARTIAL;             1234#",
        "xxxx|xxxx#xx;     1234#56;  COMPLETE;            1234#56",
    })
    void otherMaps(String map, String dialled, Result result, String number) {
        check(DigitMap.parse(map), dialled, result, number);
    }

    @ParameterizedTest(name = "''{0}'' fails at position {1}")
    @CsvSource(delimiter = ';', value = {
        "'';          1;  digit map is empty",
        "'   ';       1;  digit map is empty",
        "xx||x;       4;  empty alternative",
        "|x;          1;  empty alternative",
        "x|;          3;  empty alternative",
        "();          2;  empty alternative",
        ".x;          1;  '.' must follow an element",
        "x..;         3;  '.' must follow an element",
        "x|.;         3;  '.' must follow an element",
        "xTx;         2;  'T' is only allowed at the end",
        "x.T.;        3;  'T' is only allowed at the end",
        "xTT;         2;  'T' is only allowed at the end",
        "Tx;          1;  'T' must follow at least one element",
        "x[;          3;  missing ']' to close the '[' at position 2",
        "x[12;        5;  missing ']' to close the '[' at position 2",
        "x[];         2;  empty set",
        "[5-1];       2;  reversed",
        "[*-3];       2;  a range must start with a digit",
        "[x-3];       2;  a range must start with a digit",
        "[1-*];       4;  a range must end with a digit",
        "[1-];        4;  a range must end with a digit",
        "[1-;         4;  missing ']'",
        "xa;          2;  unexpected 'a'",
        "[a];         2;  unexpected 'a'",
        "x[1[2]];     4;  unexpected '['",
        "(xx;         4;  missing ')'",
        "(xx|;        5;  empty alternative",
        "xx);         3;  unexpected ')'",
        "(xx)x;       5;  unexpected 'x'",
        "((xx));      2;  unexpected '('",
        "x]x;         2;  unexpected ']'",
        "x-1;         2;  unexpected '-'",
        "9x.#,xxxx;   5;  unexpected ','",
        "x+;          2;  unexpected '+'",
    })
    void parseErrors(String text, int position, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DigitMap.parse(text));
        assertTrue(e.getMessage().contains(" at position " + position), e.getMessage());
        assertTrue(e.getMessage().endsWith(" at position " + position), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void parseErrorsForOddInput() {
        assertThrows(IllegalArgumentException.class, () -> DigitMap.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DigitMap.parse("x\u0000"));
        assertTrue(e.getMessage().contains("unexpected U+0000 at position 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DigitMap.parse("x\nx"));
        assertTrue(e.getMessage().contains("unexpected U+000A at position 2"), e.getMessage());
    }

    @Test
    void toStringIsTheSourceText() {
        for (String text : List.of("xxxx|*xx|9x.#", " ( xx | *x. T ) ", "[2-9]xxxxxx|1xxxxxxxxxx|011x.T|*[0-9][0-9]|0T")) {
            assertEquals(text, DigitMap.parse(text).toString());
        }
        assertEquals(DigitMap.DEFAULT_TEXT, DigitMap.DEFAULT.toString());
    }

    @Test
    void defaultIsTheConfigurationDefault() {
        assertEquals(BridgeConfigParser.DEFAULT_DIGIT_MAP, DigitMap.DEFAULT_TEXT);
    }

    @Test
    void lengthCap() {
        DigitMap open = DigitMap.parse("9x.");
        String max = "9" + "1".repeat(DigitMap.MAX_DIALLED - 1);
        check(open, max.substring(1), Result.NO_MATCH, max.substring(1));
        check(open, max.substring(0, 31), Result.COMPLETE_ON_TIMEOUT, max.substring(0, 31));
        // At the cap nothing longer can come: the exact match is complete now.
        check(open, max, Result.COMPLETE, max);
        check(open, max + "1", Result.NO_MATCH, max + "1");
        check(open, "9".repeat(1000), Result.NO_MATCH, "9".repeat(1000));
        // A partial match at the cap can never complete.
        DigitMap hash = DigitMap.parse("9x.#");
        check(hash, max, Result.NO_MATCH, max);
        String withHash = max.substring(0, 31) + "#";
        check(hash, withHash, Result.COMPLETE, max.substring(0, 31));
        // A timer alternative at the cap still waits for the timer.
        check(DigitMap.parse("x.T"), "1".repeat(32), Result.COMPLETE_ON_TIMEOUT, "1".repeat(32));
    }

    @Test
    void nullDialledIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> DigitMap.DEFAULT.match(null));
    }

    @Test
    void everyPrefixOfACompleteNumberIsPartialOrBetter() {
        for (String number : List.of("2345678", "12345678901", "*69", "0114420794600")) {
            for (int i = 1; i < number.length(); i++) {
                Result r = NANP.match(number.substring(0, i)).result();
                assertTrue(r == Result.PARTIAL || r == Result.COMPLETE_ON_TIMEOUT, number + " prefix " + i + ": " + r);
            }
        }
    }

    @Test
    void matchesTheBacktrackingOracleOnRandomMapsAndStrings() {
        Random random = new Random(20261101L);
        String alphabet = "0123456789*#";
        String[] elements = {"x", "1", "2", "9", "*", "#", "[1-3]", "[0#]", "[2*]"};
        for (int round = 0; round < 400; round++) {
            StringBuilder text = new StringBuilder();
            int alternatives = 1 + random.nextInt(3);
            for (int a = 0; a < alternatives; a++) {
                if (a > 0) {
                    text.append('|');
                }
                int length = 1 + random.nextInt(5);
                for (int e = 0; e < length; e++) {
                    text.append(elements[random.nextInt(elements.length)]);
                    if (random.nextInt(4) == 0) {
                        text.append('.');
                    }
                }
                if (random.nextInt(4) == 0) {
                    text.append('T');
                }
            }
            DigitMap map = DigitMap.parse(text.toString());
            Oracle oracle = new Oracle(text.toString());
            for (int s = 0; s < 60; s++) {
                int length = random.nextInt(8);
                StringBuilder dialled = new StringBuilder();
                for (int i = 0; i < length; i++) {
                    dialled.append(alphabet.charAt(random.nextInt(4) == 0 ? random.nextInt(12) : random.nextInt(3)));
                }
                String d = dialled.toString();
                assertEquals(oracle.match(d), map.match(d), () -> "map " + text + ", dialled '" + d + "'");
            }
        }
    }

    @Test
    void pathologicalMapsStayFast() {
        // Nested-quantifier shapes that blow up a backtracking regex engine: the NFA stays linear.
        DigitMap map = DigitMap.parse("x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.x.#|1.1.1.1.1.1.1.1.1.1.1.1.2");
        String ones = "1".repeat(DigitMap.MAX_DIALLED);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(Result.PARTIAL, map.match(ones.substring(0, 31)).result());
            assertEquals(Result.COMPLETE, map.match(ones.substring(0, 31) + "#").result());
            assertEquals(Result.NO_MATCH, map.match(ones.substring(0, 31) + "*").result());
        }
    }

    @Test
    void hundredThousandMatches() {
        Random random = new Random(7);
        Map<Result, Integer> counts = new HashMap<>();
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(14);
            for (int j = 0; j < length; j++) {
                b.append("0123456789*#".charAt(random.nextInt(12)));
            }
            inputs.add(b.toString());
        }
        for (int i = 0; i < 100_000; i++) {
            counts.merge(NANP.match(inputs.get(i % inputs.size())).result(), 1, Integer::sum);
            counts.merge(DigitMap.DEFAULT.match(inputs.get((i * 7) % inputs.size())).result(), 1, Integer::sum);
        }
        assertEquals(200_000, counts.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(counts.getOrDefault(Result.NO_MATCH, 0) > 0);
    }

    @Test
    void matchRecordRejectsNulls() {
        assertThrows(NullPointerException.class, () -> new Match(null, ""));
        assertThrows(NullPointerException.class, () -> new Match(Result.PARTIAL, null));
        Match m = new Match(Result.COMPLETE, "1");
        assertSame(Result.COMPLETE, m.result());
    }

    /**
     * An independent, deliberately naive implementation of the documented rules: backtracking
     * over each alternative, used only to cross-check the NFA on small random maps.
     */
    private static final class Oracle {
        private final List<List<String>> alternatives = new ArrayList<>();
        private final List<Boolean> timers = new ArrayList<>();

        Oracle(String text) {
            for (String alt : text.split("\\|")) {
                boolean timer = alt.endsWith("T");
                if (timer) {
                    alt = alt.substring(0, alt.length() - 1);
                }
                List<String> tokens = new ArrayList<>();
                int i = 0;
                while (i < alt.length()) {
                    int end = alt.charAt(i) == '[' ? alt.indexOf(']', i) + 1 : i + 1;
                    String token = alt.substring(i, end);
                    if (end < alt.length() && alt.charAt(end) == '.') {
                        token += ".";
                        end++;
                    }
                    tokens.add(token);
                    i = end;
                }
                alternatives.add(tokens);
                timers.add(timer);
            }
        }

        private static boolean accepts(String token, char c) {
            String t = token.endsWith(".") ? token.substring(0, token.length() - 1) : token;
            if (t.equals("x")) {
                return Character.isDigit(c);
            }
            if (t.startsWith("[")) {
                String inner = t.substring(1, t.length() - 1);
                for (int i = 0; i < inner.length(); i++) {
                    if (i + 2 < inner.length() && inner.charAt(i + 1) == '-') {
                        if (c >= inner.charAt(i) && c <= inner.charAt(i + 2)) {
                            return true;
                        }
                        i += 2;
                    } else if (inner.charAt(i) == c || inner.charAt(i) == 'x' && Character.isDigit(c)) {
                        return true;
                    }
                }
                return false;
            }
            return t.charAt(0) == c;
        }

        /** 0 = no, 1 = proper prefix only, 2 = exact (and maybe prefix): bit 1 exact, bit 2 longer. */
        private static int walk(List<String> tokens, int t, String s, int i) {
            if (i == s.length()) {
                int r = t == tokens.size() ? 1 : 2;
                for (int k = t; k < tokens.size() && tokens.get(k).endsWith("."); k++) {
                    if (k + 1 == tokens.size()) {
                        r |= 1;
                    }
                }
                return r;
            }
            if (t == tokens.size()) {
                return 0;
            }
            String token = tokens.get(t);
            int r = 0;
            if (token.endsWith(".")) {
                r |= walk(tokens, t + 1, s, i);
                if (accepts(token, s.charAt(i))) {
                    r |= walk(tokens, t, s, i + 1);
                }
            } else if (accepts(token, s.charAt(i))) {
                r |= walk(tokens, t + 1, s, i + 1);
            }
            return r;
        }

        private record Raw(Result result, int winner) {}

        private Raw raw(String s) {
            int firstPlain = -1;
            int firstTimer = -1;
            boolean longer = false;
            for (int a = 0; a < alternatives.size(); a++) {
                int r = walk(alternatives.get(a), 0, s, 0);
                if ((r & 1) != 0) {
                    if (timers.get(a)) {
                        firstTimer = firstTimer < 0 ? a : firstTimer;
                    } else {
                        firstPlain = firstPlain < 0 ? a : firstPlain;
                    }
                }
                longer |= (r & 2) != 0;
            }
            if (firstPlain >= 0 && !longer) {
                return new Raw(Result.COMPLETE, firstPlain);
            }
            if (firstPlain >= 0 || firstTimer >= 0) {
                return new Raw(Result.COMPLETE_ON_TIMEOUT, firstPlain >= 0 ? firstPlain : firstTimer);
            }
            return new Raw(longer ? Result.PARTIAL : Result.NO_MATCH, -1);
        }

        private String number(Raw raw, String s) {
            if (raw.result == Result.COMPLETE || raw.result == Result.COMPLETE_ON_TIMEOUT) {
                List<String> tokens = alternatives.get(raw.winner);
                String last = tokens.get(tokens.size() - 1);
                if ((last.equals("#") || last.equals("[#]")) && s.endsWith("#")) {
                    return s.substring(0, s.length() - 1);
                }
            }
            return s;
        }

        Match match(String s) {
            if (s.isEmpty()) {
                return new Match(Result.PARTIAL, s);
            }
            Raw full = raw(s);
            if (full.result == Result.NO_MATCH && s.length() > 1 && s.endsWith("#")) {
                String p = s.substring(0, s.length() - 1);
                Raw prefix = raw(p);
                if (prefix.result != Result.NO_MATCH) {
                    return new Match(Result.COMPLETE, number(prefix, p));
                }
            }
            return new Match(full.result, number(full, s));
        }
    }
}
