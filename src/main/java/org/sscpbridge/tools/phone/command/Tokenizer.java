package org.sscpbridge.tools.phone.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words at white space; double quotes group words with spaces
 * ({@code text~="Call from 1002"}) and are removed; {@code \"} inside quotes is a quote.
 */
final class Tokenizer {
    private Tokenizer() {
    }

    static List<String> split(String line) throws CommandSyntaxException {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    word.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new CommandSyntaxException("unterminated quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
