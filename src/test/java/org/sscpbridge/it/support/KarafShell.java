package org.sscpbridge.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An interactive Karaf shell session over SSH ({@code bin/client} with its standard input a pipe), as
 * an operator types into it. Unlike a one-shot {@code bin/client COMMAND}, the interactive shell prints
 * what a command returns, which is how Gogo commands such as {@code sscp:status} answer.
 */
public final class KarafShell implements AutoCloseable {
    private final Process process;
    private final ProcessLog log;
    private final OutputStream stdin;
    private int marker;

    private KarafShell(Process process) {
        this.process = process;
        this.log = new ProcessLog("karaf-shell", process.getInputStream());
        this.stdin = process.getOutputStream();
    }

    static KarafShell open(ProcessBuilder client) throws IOException, InterruptedException {
        KarafShell shell = new KarafShell(client.start());
        shell.run("echo ready", Duration.ofSeconds(60));
        return shell;
    }

    /**
     * Types {@code command}, then an {@code echo} of a marker, and returns the lines printed in
     * between (ANSI sequences and prompt lines removed).
     */
    public synchronized String run(String command, Duration timeout) throws IOException, InterruptedException {
        String end = "END-OF-COMMAND-" + (++marker);
        int from = log.size();
        stdin.write((command + "\necho " + end + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        if (!process.isAlive()) {
            throw new AssertionError("the Karaf shell session ended:\n" + String.join("\n", log.lines()));
        }
        // The marker's own line; on a loaded machine the shell may draw its prompt in front of it.
        int at = log.await(from, l -> {
            String clean = KarafInstance.stripAnsi(l).strip();
            return clean.endsWith(end) && !clean.contains("echo ");
        }, timeout);
        List<String> lines = log.lines().subList(from, at);
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            String clean = KarafInstance.stripAnsi(line).strip();
            // The shell redraws its prompt (and echoes what was typed) on lines of their own.
            if (clean.isEmpty() || clean.matches("^\\S+@\\S+\\(\\)>.*")) {
                continue;
            }
            b.append(clean).append('\n');
        }
        return b.toString().strip();
    }

    public String run(String command) throws IOException, InterruptedException {
        return run(command, Duration.ofSeconds(30));
    }

    /** Polls {@code command} until its output contains {@code expected}; returns that output. */
    public String awaitOutput(String command, String expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = run(command);
            if (out.contains(expected)) {
                return out;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(command + " never showed '" + expected + "':\n" + out);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                stdin.write("logout\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                stdin.close();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
