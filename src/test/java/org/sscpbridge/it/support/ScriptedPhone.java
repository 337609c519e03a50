package org.sscpbridge.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/sscp-phone --script} as a child process: one simulated phone (own device id, SSCP
 * socket and RTP port) running a script against the bridge. Exit status 0 means every line of the
 * script ran and every expectation was met.
 */
public final class ScriptedPhone implements AutoCloseable {
    private final String device;
    private final Path logFile;
    private final int mediaPort;
    private final Process process;
    private final ProcessLog log;

    private ScriptedPhone(String device, Path logFile, int mediaPort, Process process) {
        this.device = device;
        this.logFile = logFile;
        this.mediaPort = mediaPort;
        this.process = process;
        this.log = new ProcessLog("sscp-phone " + device, process.getInputStream());
    }

    /** Writes {@code script} to the work folder and starts the phone on free loopback ports. */
    public static ScriptedPhone start(Path workDir, int bridgeSscpPort, String device, int mediaPort, String script)
            throws IOException {
        return start(workDir, bridgeSscpPort, device, mediaPort, script, List.of());
    }

    /** As above, with further options for {@code bin/sscp-phone}, e.g. {@code --loss 10 --seed 7}. */
    public static ScriptedPhone start(Path workDir, int bridgeSscpPort, String device, int mediaPort, String script,
            List<String> options) throws IOException {
        Path file = workDir.resolve(device + "-" + System.nanoTime() + ".script");
        Files.writeString(file, script, StandardCharsets.UTF_8);
        List<String> command = new java.util.ArrayList<>(List.of(BridgeProcess.home().resolve("bin/sscp-phone").toString(),
                "--bridge", "127.0.0.1:" + bridgeSscpPort, "--device", device,
                "--bind", "127.0.0.1:" + FreePorts.udp(), "--media-port", String.valueOf(mediaPort),
                "--script", file.toString()));
        command.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(BridgeProcess.home().toFile())
                .redirectErrorStream(true);
        pb.environment().put("BRIDGE_NO_BUILD", "1");
        // Like the bridge's log, the phone's output outlives the temporary folder.
        Path logFile = BridgeProcess.home().resolve("target/it-logs/" + workDir.getFileName() + "/"
                + file.getFileName().toString().replace(".script", ".log"));
        return new ScriptedPhone(device, logFile, mediaPort, pb.start());
    }

    public int mediaPort() {
        return mediaPort;
    }

    public ProcessLog log() {
        return log;
    }

    /** Waits for the script to end and returns the exit status; a phone still running after {@code timeout} fails. */
    public int await(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sscp-phone " + device + " did not finish its script within " + timeout + ":\n"
                    + output());
        }
        return process.exitValue();
    }

    /** Asserts that the script ended with status 0 within {@code timeout}, with the phone's output as the message. */
    public void assertSucceeds(Duration timeout) throws InterruptedException {
        int status = await(timeout);
        if (status != 0) {
            throw new AssertionError("sscp-phone " + device + " exited with " + status + ":\n" + output());
        }
    }

    /** The phone vanishes as if its power were cut: SIGKILL, no Unregister, no OnHook. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        List<String> lines = log.lines();
        return String.join("\n", lines);
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
        try {
            Files.createDirectories(logFile.getParent());
            Files.write(logFile, log.lines(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // Only a convenience for reading a failed run afterwards.
        }
    }
}
