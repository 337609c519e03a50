package org.sscpbridge.call;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dial plan that decides when a dialled number is complete, in the style of MGCP (RFC 3435
 * §2.1.5) and SIP digit maps. Immutable and thread-safe.
 *
 * <h2>Syntax</h2>
 * <pre>
 *   map         = [ "(" ] alternative *( "|" alternative ) [ ")" ]
 *   alternative = 1*( element [ "." ] ) [ "T" ]
 *   element     = digit | "*" | "#" | "x" | "[" 1*( digit [ "-" digit ] | "*" | "#" | "x" ) "]"
 * </pre>
 * <ul>
 *   <li>{@code |} separates alternatives;</li>
 *   <li>{@code x} (or {@code X}) is any digit 0-9;</li>
 *   <li>{@code [1-5]}, {@code [137]}, {@code [1-3*]}: one symbol out of a set; ranges are of digits
 *       only, {@code *}, {@code #} and {@code x} may appear inside;</li>
 *   <li>digits, {@code *} and {@code #} match themselves;</li>
 *   <li>{@code .} after an element: zero or more repetitions of that element ({@code 9x.} is 9
 *       followed by any number of digits, including none);</li>
 *   <li>{@code T} (or {@code t}) at the end of an alternative: that alternative completes only on
 *       the inter-digit timeout ({@code 0x.T});</li>
 *   <li>the whole map may be surrounded by one pair of parentheses; blanks between tokens are
 *       ignored.</li>
 * </ul>
 * A syntax error is an {@link IllegalArgumentException} whose message names the 1-based position of
 * the offending character.
 *
 * <h2>Matching</h2>
 * The dialled string (symbols {@code 0-9 * #}, at most {@value #MAX_DIALLED} of them) is run
 * through all alternatives at once, as a small NFA (time linear in the dialled length times the size
 * of the map; no backtracking).
 * <ul>
 *   <li>{@link Result#COMPLETE}: an alternative without {@code T} matches exactly and no alternative
 *       could match a longer string;</li>
 *   <li>{@link Result#COMPLETE_ON_TIMEOUT}: an alternative matches exactly but either it ends with
 *       {@code T}, or some alternative could still match a longer string ("shortest unambiguous":
 *       with {@code xxxx|xxxxx}, four digits complete when the inter-digit timer fires, a fifth
 *       digit completes at once);</li>
 *   <li>{@link Result#PARTIAL}: the string is a proper prefix of what some alternative matches;</li>
 *   <li>{@link Result#NO_MATCH}: none of the above, or the dialled string is longer than
 *       {@value #MAX_DIALLED} symbols or holds another character. At exactly {@value #MAX_DIALLED}
 *       symbols nothing longer can be dialled, so a would-be PARTIAL is NO_MATCH and a would-be
 *       COMPLETE_ON_TIMEOUT of a non-{@code T} alternative is COMPLETE.</li>
 * </ul>
 *
 * <h2>The {@code #} key</h2>
 * <ol>
 *   <li>If the map itself accepts the dialled string including its trailing {@code #} (complete or
 *       partial), the map wins. When the alternative that completes ends with a literal {@code #}
 *       element (like {@code 9x.#}; {@code [#]} counts as the same), that {@code #} is a terminator and is removed from
 *       {@link Match#number()}: {@code 9123#} gives COMPLETE {@code 9123}. A {@code #} inside a set
 *       ({@code [0#]}) is an ordinary symbol and is kept.</li>
 *   <li>Otherwise a trailing {@code #} means "send now": if the dialled string without it is
 *       non-empty and not NO_MATCH (PARTIAL, COMPLETE_ON_TIMEOUT or COMPLETE), the result is
 *       COMPLETE with the number without the {@code #}. With the map {@code xxxx}, {@code 12#} gives
 *       COMPLETE {@code 12}: the user asked for it, the PBX decides.</li>
 * </ol>
 * The empty dialled string is always PARTIAL (nothing dialled is never a number, even for
 * {@code x.}). {@link Match#number()} is the number to dial for COMPLETE and COMPLETE_ON_TIMEOUT,
 * and the dialled string unchanged for PARTIAL and NO_MATCH.
 */
public final class DigitMap {

    /** The project's default dial plan (same text as the bridge configuration's default). */
    public static final String DEFAULT_TEXT = "xxxx|*xx|9x.#";

    /** The longest dialled string considered; longer strings are {@link Result#NO_MATCH}. */
    public static final int MAX_DIALLED = 32;

    /** The project's default dial plan, parsed. */
    public static final DigitMap DEFAULT = parse(DEFAULT_TEXT);

    /** The verdict on a dialled string. */
    public enum Result { COMPLETE, COMPLETE_ON_TIMEOUT, PARTIAL, NO_MATCH }

    /**
     * A verdict and the number to dial.
     *
     * @param result the verdict
     * @param number for COMPLETE and COMPLETE_ON_TIMEOUT the number to dial (a terminating
     *               {@code #} removed); otherwise the dialled string
     */
    public record Match(Result result, String number) {
        public Match {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(number, "number");
        }
    }

    // Symbol indexes: 0-9 are the digits, 10 is '*', 11 is '#'.
    private static final int STAR = 10;
    private static final int HASH = 11;
    private static final int ALL_DIGITS = (1 << 10) - 1;
    private static final int HASH_ONLY = 1 << HASH;

    private final String source;
    /** One entry per alternative. */
    private final Alternative[] alternatives;
    /** First NFA state of each alternative; alternative i owns states [offset[i], offset[i] + length]. */
    private final int[] offsets;
    private final int stateCount;

    /** A compiled alternative: one symbol set per element, a repeat flag, and the timer flag. */
    private record Alternative(int[] sets, boolean[] repeat, boolean timer) {
        int length() {
            return sets.length;
        }

        /** The last element is exactly a literal '#', once: a terminator. */
        boolean endsWithTerminator() {
            int last = sets.length - 1;
            return sets[last] == HASH_ONLY && !repeat[last];
        }
    }

    private DigitMap(String source, List<Alternative> alternatives) {
        this.source = source;
        this.alternatives = alternatives.toArray(new Alternative[0]);
        this.offsets = new int[this.alternatives.length];
        int states = 0;
        for (int i = 0; i < this.alternatives.length; i++) {
            offsets[i] = states;
            states += this.alternatives[i].length() + 1;
        }
        this.stateCount = states;
    }

    /**
     * Parses a digit map.
     *
     * @throws IllegalArgumentException on a syntax error; the message names the 1-based position
     */
    public static DigitMap parse(String text) throws IllegalArgumentException {
        if (text == null) {
            throw new IllegalArgumentException("digit map is null");
        }
        return new Parser(text).parse();
    }

    /**
     * Decides whether {@code dialled} is complete. Never throws for odd input: characters other than
     * {@code 0-9 * #}, or more than {@value #MAX_DIALLED} symbols, give {@link Result#NO_MATCH}.
     *
     * @param dialled the symbols dialled so far
     */
    public Match match(String dialled) {
        Objects.requireNonNull(dialled, "dialled");
        if (dialled.length() > MAX_DIALLED) {
            return new Match(Result.NO_MATCH, dialled);
        }
        int[] symbols = new int[dialled.length()];
        for (int i = 0; i < symbols.length; i++) {
            int s = symbol(dialled.charAt(i));
            if (s < 0) {
                return new Match(Result.NO_MATCH, dialled);
            }
            symbols[i] = s;
        }
        if (symbols.length == 0) {
            return new Match(Result.PARTIAL, dialled); // nothing dialled is never complete
        }
        Verdict full = run(symbols, symbols.length);
        if (full.result != Result.NO_MATCH || !dialled.endsWith("#") || dialled.length() < 2) {
            return full.toMatch(dialled);
        }
        // Trailing '#' the map does not accept: "send now" if what precedes it is acceptable.
        Verdict prefix = run(symbols, symbols.length - 1);
        if (prefix.result != Result.NO_MATCH) {
            String withoutHash = dialled.substring(0, dialled.length() - 1);
            return new Match(Result.COMPLETE, prefix.toMatch(withoutHash).number());
        }
        return full.toMatch(dialled);
    }

    /** The result of running the first {@code n} symbols, with the alternative that decided it. */
    private record Verdict(Result result, Alternative winner) {
        Match toMatch(String dialled) {
            boolean complete = result == Result.COMPLETE || result == Result.COMPLETE_ON_TIMEOUT;
            if (complete && winner.endsWithTerminator() && dialled.endsWith("#")) {
                return new Match(result, dialled.substring(0, dialled.length() - 1));
            }
            return new Match(result, dialled);
        }
    }

    private Verdict run(int[] symbols, int n) {
        boolean[] current = new boolean[stateCount];
        boolean[] next = new boolean[stateCount];
        for (int a = 0; a < alternatives.length; a++) {
            addWithClosure(current, a, 0);
        }
        for (int i = 0; i < n; i++) {
            int bit = 1 << symbols[i];
            Arrays.fill(next, false);
            boolean any = false;
            for (int a = 0; a < alternatives.length; a++) {
                Alternative alt = alternatives[a];
                int base = offsets[a];
                for (int p = 0; p < alt.length(); p++) {
                    if (current[base + p] && (alt.sets[p] & bit) != 0) {
                        addWithClosure(next, a, alt.repeat[p] ? p : p + 1);
                        any = true;
                    }
                }
            }
            if (!any) {
                return new Verdict(Result.NO_MATCH, null);
            }
            boolean[] swap = current;
            current = next;
            next = swap;
        }
        Alternative exactPlain = null;   // first alternative without T matching exactly
        Alternative exactTimer = null;   // first alternative with T matching exactly
        boolean longer = false;          // some alternative could consume another symbol
        for (int a = 0; a < alternatives.length; a++) {
            Alternative alt = alternatives[a];
            int base = offsets[a];
            if (current[base + alt.length()]) {
                if (alt.timer) {
                    exactTimer = exactTimer == null ? alt : exactTimer;
                } else {
                    exactPlain = exactPlain == null ? alt : exactPlain;
                }
            }
            for (int p = 0; p < alt.length() && !longer; p++) {
                longer = current[base + p];
            }
        }
        if (n >= MAX_DIALLED) {
            longer = false; // nothing longer can be dialled
        }
        if (exactPlain != null && !longer) {
            return new Verdict(Result.COMPLETE, exactPlain);
        }
        if (exactPlain != null || exactTimer != null) {
            return new Verdict(Result.COMPLETE_ON_TIMEOUT, exactPlain != null ? exactPlain : exactTimer);
        }
        return new Verdict(longer ? Result.PARTIAL : Result.NO_MATCH, null);
    }

    /** Adds state {@code p} of alternative {@code a}, and every state reachable by skipping repeats. */
    private void addWithClosure(boolean[] states, int a, int p) {
        Alternative alt = alternatives[a];
        int base = offsets[a];
        states[base + p] = true;
        while (p < alt.length() && alt.repeat[p]) {
            p++;
            states[base + p] = true;
        }
    }

    private static int symbol(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c == '*') {
            return STAR;
        }
        if (c == '#') {
            return HASH;
        }
        return -1;
    }

    /** The source text, exactly as given to {@link #parse(String)}. */
    @Override
    public String toString() {
        return source;
    }

    /** Recursive-descent parser; positions in messages are 1-based. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        DigitMap parse() {
            skipBlanks();
            if (pos == text.length()) {
                throw error("digit map is empty", 0);
            }
            boolean parenthesised = text.charAt(pos) == '(';
            if (parenthesised) {
                pos++;
            }
            List<Alternative> alternatives = new ArrayList<>();
            alternatives.add(alternative());
            while (pos < text.length() && text.charAt(pos) == '|') {
                pos++;
                alternatives.add(alternative());
            }
            if (parenthesised) {
                if (pos == text.length()) {
                    throw error("missing ')' to close the '(' at position 1", pos);
                }
                if (text.charAt(pos) != ')') {
                    throw unexpected();
                }
                pos++;
                skipBlanks();
            }
            if (pos < text.length()) {
                throw unexpected();
            }
            return new DigitMap(text, alternatives);
        }

        private Alternative alternative() {
            skipBlanks();
            List<Integer> sets = new ArrayList<>();
            List<Boolean> repeats = new ArrayList<>();
            boolean timer = false;
            int timerPos = -1;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '|' || c == ')') {
                    break;
                }
                if (timer) {
                    throw error("'T' is only allowed at the end of an alternative", timerPos);
                }
                if (c == 'T' || c == 't') {
                    if (sets.isEmpty()) {
                        throw error("'T' must follow at least one element", pos);
                    }
                    timer = true;
                    timerPos = pos;
                    pos++;
                } else if (c == '.') {
                    if (sets.isEmpty() || repeats.get(repeats.size() - 1)) {
                        throw error("'.' must follow an element", pos);
                    }
                    repeats.set(repeats.size() - 1, true);
                    pos++;
                } else if (c == '[') {
                    sets.add(set());
                    repeats.add(false);
                } else {
                    int s = single(c);
                    if (s == 0) {
                        throw unexpected();
                    }
                    sets.add(s);
                    repeats.add(false);
                    pos++;
                }
                skipBlanks();
            }
            if (sets.isEmpty()) {
                throw error("empty alternative", pos);
            }
            int[] setArray = new int[sets.size()];
            boolean[] repeatArray = new boolean[sets.size()];
            for (int i = 0; i < setArray.length; i++) {
                setArray[i] = sets.get(i);
                repeatArray[i] = repeats.get(i);
            }
            return new Alternative(setArray, repeatArray, timer);
        }

        /** Parses {@code [...]} starting at the '['. */
        private int set() {
            int open = pos;
            pos++;
            int bits = 0;
            while (true) {
                skipBlanks();
                if (pos == text.length()) {
                    throw error("missing ']' to close the '[' at position " + (open + 1), pos);
                }
                char c = text.charAt(pos);
                if (c == ']') {
                    if (bits == 0) {
                        throw error("empty set '[]'", open);
                    }
                    pos++;
                    return bits;
                }
                int s = single(c);
                if (s == 0) {
                    throw unexpected();
                }
                int first = pos;
                pos++;
                skipBlanks();
                if (pos < text.length() && text.charAt(pos) == '-') {
                    if (!isDigit(c)) {
                        throw error("a range must start with a digit", first);
                    }
                    pos++;
                    skipBlanks();
                    if (pos == text.length()) {
                        throw error("missing ']' to close the '[' at position " + (open + 1), pos);
                    }
                    char end = text.charAt(pos);
                    if (!isDigit(end)) {
                        throw error("a range must end with a digit", pos);
                    }
                    if (end < c) {
                        throw error("range '" + c + "-" + end + "' is reversed", first);
                    }
                    for (char d = c; d <= end; d++) {
                        bits |= 1 << (d - '0');
                    }
                    pos++;
                } else {
                    bits |= s;
                }
            }
        }

        /** The set of one plain symbol, or 0 when {@code c} is not one. */
        private static int single(char c) {
            if (c == 'x' || c == 'X') {
                return ALL_DIGITS;
            }
            int s = symbol(c);
            return s < 0 ? 0 : 1 << s;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void skipBlanks() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        private IllegalArgumentException unexpected() {
            char c = text.charAt(pos);
            String shown = Character.isISOControl(c) ? String.format("U+%04X", (int) c) : "'" + c + "'";
            return error("unexpected " + shown, pos);
        }

        private IllegalArgumentException error(String reason, int index) {
            return new IllegalArgumentException("digit map \"" + text + "\": " + reason
                    + " at position " + (index + 1));
        }
    }
}
