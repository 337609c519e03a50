package org.sscpbridge.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Kamailio with the dispatcher module in front of bridge instances, running the project's
 * example configuration {@code docs/examples/kamailio-dispatcher.cfg} unchanged: only its
 * pre-processor defines (listen address, list file, control socket) are given on the command line.
 */
public final class KamailioDispatcher implements AutoCloseable {
    public static final String EXAMPLE = "docs/examples/kamailio-dispatcher.cfg";

    private final Path dir;
    private final int port;
    private final Process process;
    private final ProcessLog log;

    private KamailioDispatcher(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.log = new ProcessLog("dispatcher", process.getInputStream());
    }

    /** Starts it on a free loopback port with {@code bridges} (sip:HOST:PORT each) as set 1. */
    public static KamailioDispatcher start(Path workDir, List<String> bridges) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("dispatcher"));
        Path list = dir.resolve("dispatcher.list");
        StringBuilder text = new StringBuilder("# setid destination\n");
        bridges.forEach(b -> text.append("1 ").append(b).append('\n'));
        Files.writeString(list, text.toString(), StandardCharsets.UTF_8);
        int port = FreePorts.udp();
        Path cfg = BridgeProcess.home().resolve(EXAMPLE);
        Process p = new ProcessBuilder("kamailio", "-f", cfg.toString(), "-DD", "-E", "-Y", dir.toString(),
                "-P", dir.resolve("kamailio.pid").toString(),
                "-A", "LISTEN=udp:127.0.0.1:" + port,
                "-A", "DISPATCHER_LIST=\"" + list + "\"",
                "-A", "CTL=\"unix:" + dir.resolve("kamailio_ctl") + "\"")
                .redirectErrorStream(true).start();
        KamailioDispatcher k = new KamailioDispatcher(dir, port, p);
        k.awaitReady();
        return k;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("kamailio (dispatcher) exited with " + process.exitValue() + ":\n"
                        + String.join("\n", log.lines()));
            }
            if (kamcmd("core.uptime").exitCode() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("kamailio (dispatcher) did not come up:\n" + String.join("\n", log.lines()));
    }

    /** Runs {@code kamcmd} against its control socket, e.g. {@code dispatcher.list}. */
    public KamailioServer.CommandResult kamcmd(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("kamcmd", "-s", "unix:" + dir.resolve("kamailio_ctl")));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new KamailioServer.CommandResult(-1, out);
        }
        return new KamailioServer.CommandResult(p.exitValue(), out);
    }

    /**
     * The dispatcher's state flags of {@code destination} (e.g. {@code AP} active and probed,
     * {@code IP} inactive), from {@code dispatcher.list}; empty if it is not listed.
     */
    public String flags(String destination) throws IOException, InterruptedException {
        String out = kamcmd("dispatcher.list").output();
        int at = out.indexOf("URI: " + destination);
        if (at < 0) {
            return "";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("FLAGS: (\\S+)").matcher(out);
        return m.find(at) ? m.group(1) : "";
    }

    public int port() {
        return port;
    }

    public ProcessLog log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        KamailioServer.stop(process);
    }
}
