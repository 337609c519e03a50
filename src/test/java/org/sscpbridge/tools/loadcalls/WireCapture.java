package org.sscpbridge.tools.loadcalls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tshark capture on the loopback interface of some UDP ports (the bridge's SSCP port, Kamailio's), written as
 * pcapng. Timestamps are the kernel's: a datagram is stamped as it passes the loopback device,
 * which on loopback is the moment the sender's sendto() hands it over and also the moment it is
 * queued to the receiver's socket. Stopped (flushed) by close().
 */
final class WireCapture implements AutoCloseable {
    private final Process process;
    private final Path file;
    private final Path log;

    private WireCapture(Process process, Path file, Path log) {
        this.process = process;
        this.file = file;
        this.log = log;
    }

    static WireCapture start(Path dir, int... ports) throws IOException, InterruptedException {
        Path file = dir.resolve("calls.pcapng");
        Path log = dir.resolve("tshark.log");
        Process p = new ProcessBuilder(List.of("tshark", "-i", "lo", "-q", "-B", "32",
                "-f", filter(ports), "-w", file.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        WireCapture c = new WireCapture(p, file, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("tshark exited with " + p.exitValue() + ": " + c.output());
            }
            if (c.output().contains("Capturing on")) {
                Thread.sleep(200);
                return c;
            }
            Thread.sleep(50);
        }
        c.close();
        throw new IOException("tshark did not start capturing within 20 s: " + c.output());
    }

    private static String filter(int... ports) {
        StringBuilder b = new StringBuilder();
        for (int p : ports) {
            b.append(b.length() == 0 ? "" : " or ").append("udp port ").append(p);
        }
        return b.toString();
    }

    Path file() {
        return file;
    }

    /** What tshark printed (start line, then packets captured / dropped after close). */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: tshark stops dumpcap and flushes the file
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
