package org.sscpbridge.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real SIPp on 127.0.0.1 running one scenario from src/test/resources/sipp, for one call. */
public final class SippProcess implements AutoCloseable {
    private final Process process;
    private final ProcessLog log;
    private final int sipPort;
    private final int mediaPort;

    private SippProcess(Process process, int sipPort, int mediaPort) {
        this.process = process;
        this.log = new ProcessLog("sipp", process.getInputStream());
        this.sipPort = sipPort;
        this.mediaPort = mediaPort;
    }

    /**
     * Starts {@code scenario} (a resource name) for one call; {@code target} is the peer for a UAC
     * scenario (null for a UAS), {@code extraArgs} go to SIPp as they are (e.g. -key status 486, -s 3002).
     */
    public static SippProcess start(Path workDir, String scenario, String target, String... extraArgs)
            throws IOException {
        return start(workDir, scenario, java.util.Map.of(), target, extraArgs);
    }

    /**
     * As above, with {@code @name@} placeholders of the scenario replaced first: SIPp reads a status
     * code or a pause when it loads the scenario, before its own keywords apply.
     */
    public static SippProcess start(Path workDir, String scenario, java.util.Map<String, String> values, String target,
            String... extraArgs) throws IOException {
        return startOnPort(workDir, scenario, values, FreePorts.udp(), target, extraArgs);
    }

    /**
     * As above, on SIP port {@code sip}: for a peer whose address the bridge was configured with
     * before it started (a trunk's registrar or proxy).
     */
    public static SippProcess startOnPort(Path workDir, String scenario, java.util.Map<String, String> values, int sip,
            String target, String... extraArgs) throws IOException {
        String text;
        try (InputStream in = SippProcess.class.getResourceAsStream("/sipp/" + scenario)) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        for (var v : values.entrySet()) {
            text = text.replace("@" + v.getKey() + "@", v.getValue());
        }
        Path xml = Files.createTempFile(workDir, "sipp-", "-" + scenario);
        Files.writeString(xml, text, java.nio.charset.StandardCharsets.ISO_8859_1);
        int media = FreePorts.udp();
        List<String> args = new ArrayList<>(List.of("sipp", "-sf", xml.toString(), "-i", "127.0.0.1",
                "-p", String.valueOf(sip), "-mi", "127.0.0.1", "-mp", String.valueOf(media), "-timeout_error",
                "-nostdin", "-trace_err", "-error_file", workDir.resolve(scenario + "-" + sip + ".err").toString()));
        // One call in 60 s unless the test asks for more calls or more time.
        List<String> extra = List.of(extraArgs);
        if (!extra.contains("-m")) {
            args.addAll(List.of("-m", "1"));
        }
        if (!extra.contains("-timeout")) {
            args.addAll(List.of("-timeout", "60s"));
        }
        args.addAll(List.of(extraArgs));
        if (target != null) {
            args.add(target);
        }
        Process p = new ProcessBuilder(args).directory(workDir.toFile()).redirectErrorStream(true).start();
        return new SippProcess(p, sip, media);
    }

    public int sipPort() {
        return sipPort;
    }

    public int mediaPort() {
        return mediaPort;
    }

    /** Waits for the scenario to end; returns SIPp's exit code (0 = the call went as scripted). */
    public int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("sipp did not finish in " + seconds + " s:\n" + String.join("\n", log.lines()));
        }
        return process.exitValue();
    }

    public String output() {
        return String.join("\n", log.lines());
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
