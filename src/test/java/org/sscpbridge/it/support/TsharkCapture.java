package org.sscpbridge.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tshark capture on the loopback interface into a pcapng file, started before the traffic and
 * stopped after it, and {@code tshark -r} to read the file back. Capturing needs root (or the
 * capture capabilities): without them {@link #start} fails with tshark's own words, it never skips.
 *
 * <p>dumpcap hands packets over in blocks (libpcap's TPACKET_V3 block timeout), so the last
 * fraction of a second of traffic may be missing from the file if the capture stops right after
 * it. The capture therefore also prints what it wrote ({@code -P}), and a test waits with
 * {@link #awaitPrinted} for the last packet it cares about before it stops the capture.
 */
public final class TsharkCapture implements AutoCloseable {
    private final Path file;
    private final Process process;
    private final ProcessLog log;

    private TsharkCapture(Path file, Process process) {
        this.file = file;
        this.process = process;
        this.log = new ProcessLog("tshark", process.getInputStream());
    }

    /**
     * Starts {@code tshark -i lo -f FILTER -w FILE -P -l PRINT...}: {@code print} says how each
     * captured packet is printed (e.g. {@code -T fields -e sip.Method}); returns once tshark says
     * it is capturing.
     */
    public static TsharkCapture start(Path file, String captureFilter, String... print)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-i", "lo", "-f", captureFilter, "-w", file.toString(),
                "-P", "-l"));
        command.addAll(List.of(print));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        TsharkCapture capture = new TsharkCapture(file, p);
        try {
            capture.log.await(0, l -> l.contains("Capturing on") || l.contains("Capture started"), Duration.ofSeconds(20));
        } catch (AssertionError e) {
            capture.close();
            throw new AssertionError("tshark could not start capturing on lo (CI runs as root; capturing needs root"
                    + " or CAP_NET_RAW/CAP_NET_ADMIN for dumpcap), user " + System.getProperty("user.name") + ":\n"
                    + String.join("\n", capture.log.lines()), e);
        }
        return capture;
    }

    /**
     * Waits for a printed line (at or after index {@code from}) that matches: once tshark printed a
     * packet, it is in the file. Returns the line's index.
     */
    public int awaitPrinted(int from, java.util.function.Predicate<String> match, Duration timeout)
            throws InterruptedException {
        return log.await(from, match, timeout);
    }

    /** Stops the capture (SIGTERM: tshark writes out what it has) and waits for the file to be complete. */
    public void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("tshark did not stop on SIGTERM:\n" + String.join("\n", log.lines()));
            }
        }
    }

    public Path file() {
        return file;
    }

    /** Runs {@code tshark -r FILE ARGS...} and returns its standard output lines; fails unless it exits 0. */
    public static List<String> read(Path file, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tshark -r did not finish: " + command);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + p.exitValue() + ":\n" + out);
        }
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
