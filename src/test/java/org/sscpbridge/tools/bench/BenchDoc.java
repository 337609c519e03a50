package org.sscpbridge.tools.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * bin/benchmarks' last step: puts a benchmark's generated Markdown fragment into docs/BENCHMARKS.md
 * between its markers {@code <!-- bench:NAME -->} and {@code <!-- /bench:NAME -->}, leaving every
 * other line as it was. Plain Java so the command needs nothing beyond the JDK the build uses.
 *
 * <pre>java -cp target/test-classes org.sscpbridge.tools.bench.BenchDoc DOC NAME FRAGMENT</pre>
 */
public final class BenchDoc {
    private BenchDoc() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: BenchDoc DOC NAME FRAGMENT");
            System.exit(2);
        }
        Path doc = Path.of(args[0]);
        String fragment = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8);
        try {
            String updated = replace(Files.readString(doc, StandardCharsets.UTF_8), args[1], fragment);
            Files.writeString(doc, updated, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            System.err.println("BenchDoc: " + doc + ": " + e.getMessage());
            System.exit(1);
        }
    }

    static String open(String name) {
        return "<!-- bench:" + name + " -->";
    }

    static String close(String name) {
        return "<!-- /bench:" + name + " -->";
    }

    /**
     * {@code doc} with the text between the markers of {@code name} replaced by {@code fragment}
     * (on lines of its own). Refuses a name without markers, or with more than one pair, rather
     * than guess where the numbers belong.
     */
    static String replace(String doc, String name, String fragment) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("benchmark name '" + name + "': letters, digits, '.', '_' and '-' only");
        }
        String open = open(name);
        String close = close(name);
        int start = doc.indexOf(open);
        int end = doc.indexOf(close);
        if (start < 0 || end < 0) {
            throw new IllegalArgumentException("no markers " + open + " … " + close + " (add them where the results go)");
        }
        if (end < start || doc.indexOf(open, start + 1) >= 0 || doc.indexOf(close, end + 1) >= 0) {
            throw new IllegalArgumentException("markers of '" + name + "' out of order or more than once");
        }
        String body = fragment.endsWith("\n") ? fragment : fragment + "\n";
        return doc.substring(0, start + open.length()) + "\n" + body + doc.substring(end);
    }
}
