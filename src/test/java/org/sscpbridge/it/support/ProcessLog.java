package org.sscpbridge.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Collects a child process's output lines on a daemon thread and lets tests wait for a line. */
public final class ProcessLog {
    private final List<String> lines = new ArrayList<>();
    private final String name;

    public ProcessLog(String name, InputStream in) {
        this.name = name;
        Thread t = new Thread(() -> pump(in), name + "-output");
        t.setDaemon(true);
        t.start();
    }

    private void pump(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                lines.add("[" + name + " output closed: " + e.getMessage() + "]");
            }
        }
    }

    public synchronized int size() {
        return lines.size();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized List<String> linesFrom(int index) {
        return List.copyOf(lines.subList(Math.min(index, lines.size()), lines.size()));
    }

    /** Waits for a line at or after {@code from} that matches; returns its index. */
    public synchronized int await(int from, Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int i = from;
        while (true) {
            for (; i < lines.size(); i++) {
                if (match.test(lines.get(i))) {
                    return i;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching line from " + name + " within " + timeout + "; output:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
