package org.sscpbridge.sscp.codec;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Fits text to a display of {@code width} characters per line (docs/PROTOCOL.md §6.9): each line
 * (text between LFs) keeps the longest prefix of whole user-perceived characters (grapheme
 * clusters from {@link BreakIterator#getCharacterInstance}) that has at most {@code width} Unicode
 * code points. A surrogate pair, a base letter with its combining marks or a Hangul jamo syllable
 * is therefore never split; a cluster that would cross the limit is dropped whole. No ellipsis is
 * added. Beyond Java 17's character breaks, emoji sequences are kept whole too: nothing is cut
 * after a ZERO WIDTH JOINER, before an emoji skin-tone modifier or inside a regional-indicator
 * (flag) pair.
 *
 * <p>Code points rather than clusters are counted because a phone that cannot compose a cluster
 * (an EUC-KR phone gets '?' for each unencodable code point) shows one cell per code point.
 *
 * <p>Thread-safety: stateless; thread-safe.
 */
public final class DisplayText {
    /** {@code width} value meaning "no limit". */
    public static final int NO_LIMIT = 0;

    private static final int ZWJ = 0x200D;

    private DisplayText() {
    }

    /** {@code text} with every line cut to {@code width} code points; unchanged if it fits or width is {@link #NO_LIMIT}. */
    public static String fit(String text, int width) {
        if (text == null || width <= NO_LIMIT || text.length() <= width) {
            return text; // length in chars >= code points: fits already
        }
        if (text.indexOf('\n') < 0) {
            return fitLine(text, width);
        }
        String[] lines = text.split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(fitLine(lines[i], width));
        }
        return out.toString();
    }

    private static String fitLine(String line, int width) {
        if (line.codePointCount(0, line.length()) <= width) {
            return line;
        }
        BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
        clusters.setText(line);
        int cut = 0;
        int points = 0;
        int start = clusters.first();
        for (int end = clusters.next(); end != BreakIterator.DONE; end = clusters.next()) {
            points += line.codePointCount(start, end);
            if (points > width) {
                break;
            }
            start = end;
            if (mayCut(line, end)) {
                cut = end;
            }
        }
        return line.substring(0, cut);
    }

    /** Whether a cut before index {@code at} keeps emoji sequences whole (see the class comment). */
    private static boolean mayCut(String s, int at) {
        if (at >= s.length()) {
            return true;
        }
        int before = s.codePointBefore(at);
        int after = s.codePointAt(at);
        boolean insidePair = Character.isLowSurrogate(s.charAt(at)) && Character.isHighSurrogate(s.charAt(at - 1));
        if (insidePair || before == ZWJ || after == ZWJ || isSkinTone(after)) {
            return false;
        }
        if (isRegionalIndicator(before) && isRegionalIndicator(after)) {
            // Inside a flag when an odd number of indicators precedes this point in the run.
            int run = 0;
            for (int i = at; i > 0 && isRegionalIndicator(s.codePointBefore(i)); i -= Character.charCount(s.codePointBefore(i))) {
                run++;
            }
            return run % 2 == 0;
        }
        return true;
    }

    private static boolean isSkinTone(int cp) {
        return cp >= 0x1F3FB && cp <= 0x1F3FF;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }
}
