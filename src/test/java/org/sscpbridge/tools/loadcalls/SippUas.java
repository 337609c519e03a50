package org.sscpbridge.tools.loadcalls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sscpbridge.it.support.FreePorts;

/**
 * One SIPp UAS on 127.0.0.1 running sipp/uas-load.xml for many calls at once (-m, -l high), its
 * screen output in a file, its statistics in a CSV written every second. Stopped by close().
 */
final class SippUas implements AutoCloseable {
    private final Process process;
    private final int sipPort;
    private final Path stats;
    private final Path screen;

    private SippUas(Process process, int sipPort, Path stats, Path screen) {
        this.process = process;
        this.sipPort = sipPort;
        this.stats = stats;
        this.screen = screen;
    }

    static SippUas start(Path dir, int answerMillis, int maxCalls) throws IOException {
        String text;
        try (InputStream in = SippUas.class.getResourceAsStream("/sipp/uas-load.xml")) {
            if (in == null) {
                throw new IOException("sipp/uas-load.xml not on the classpath (target/test-classes)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        Path xml = dir.resolve("uas-load.xml");
        Files.writeString(xml, text.replace("@answer_ms@", String.valueOf(answerMillis)), StandardCharsets.ISO_8859_1);
        int sip = FreePorts.udp();
        int media = FreePorts.udp();
        Path stats = dir.resolve("sipp-stats.csv");
        Path screen = dir.resolve("sipp-screen.log");
        List<String> args = List.of("sipp", "-sf", xml.toString(), "-i", "127.0.0.1", "-p", String.valueOf(sip),
                "-mi", "127.0.0.1", "-mp", String.valueOf(media), "-m", String.valueOf(maxCalls),
                "-l", String.valueOf(Math.max(1000, maxCalls)), "-nostdin", "-trace_err", "-error_file",
                dir.resolve("sipp-errors.log").toString(), "-trace_stat", "-stf", stats.toString(), "-fd", "1");
        Process p = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(screen.toFile()).start();
        SippUas uas = new SippUas(p, sip, stats, screen);
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!p.isAlive()) {
            throw new IOException("sipp exited at once with " + p.exitValue() + "; see " + screen);
        }
        return uas;
    }

    int sipPort() {
        return sipPort;
    }

    /** SIPp's own counts from the last statistics line: successful and failed calls (-1 if unknown). */
    long[] successfulAndFailed() {
        try {
            List<String> lines = Files.readAllLines(stats, StandardCharsets.ISO_8859_1);
            if (lines.size() < 2) {
                return new long[] {-1, -1};
            }
            List<String> head = List.of(lines.get(0).split(";"));
            String[] last = lines.get(lines.size() - 1).split(";");
            int ok = head.indexOf("SuccessfulCall(C)");
            int failed = head.indexOf("FailedCall(C)");
            return new long[] {ok < 0 ? -1 : Long.parseLong(last[ok].trim()),
                    failed < 0 ? -1 : Long.parseLong(last[failed].trim())};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    Path screenLog() {
        return screen;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
