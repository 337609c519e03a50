package org.sscpbridge.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real bridge as an operator runs it: {@code bin/bridge} (Felix, the assembled bundle/ folder)
 * in its own process with a temporary config, log and cache folder, driven through the Gogo shell
 * on standard input.
 */
public final class BridgeProcess implements AutoCloseable {
    /** Generous: on a loaded shared machine (load 20+ on 2 cores) Felix alone was seen to need over 60 s. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Path configDir;
    private final Process process;
    private final int httpPort;
    private final ProcessLog log;
    private final OutputStream stdin;
    private int marker;

    private BridgeProcess(Path configDir, Process process, int httpPort) {
        this.configDir = configDir;
        this.process = process;
        this.httpPort = httpPort;
        this.log = new ProcessLog("bridge", process.getInputStream());
        this.stdin = process.getOutputStream();
    }

    /** The checkout holding bin/ and bundle/ (failsafe passes it; else the working directory). */
    public static Path home() {
        return Path.of(System.getProperty("bridge.home", System.getProperty("user.dir")));
    }

    /** Starts the bridge with {@code sscp.bridge.cfg} holding {@code config}; waits for its console. */
    public static BridgeProcess start(Path workDir, Map<String, String> config) throws IOException, InterruptedException {
        return start(workDir, config, Map.of());
    }

    /** Starts the bridge with {@code sscp.bridge.cfg} and further {@code NAME.cfg} files present from the start. */
    public static BridgeProcess start(Path workDir, Map<String, String> config, Map<String, Map<String, String>> more)
            throws IOException, InterruptedException {
        return start(workDir, config, more, List.of());
    }

    /**
     * Starts the bridge like {@link #start(Path, Map, Map)}, its JVM with {@code javaOpts} as well
     * (e.g. {@link #jmxOptions(int)}); they go to bin/bridge through {@code JAVA_OPTS}.
     */
    public static BridgeProcess start(Path workDir, Map<String, String> config, Map<String, Map<String, String>> more,
            List<String> javaOpts) throws IOException, InterruptedException {
        Path configDir = Files.createDirectories(workDir.resolve("config"));
        writeConfig(configDir.resolve("sscp.bridge.cfg"), config);
        for (var e : more.entrySet()) {
            writeConfig(configDir.resolve(e.getKey() + ".cfg"), e.getValue());
        }
        ProcessBuilder pb = new ProcessBuilder(home().resolve("bin/bridge").toString())
                .directory(home().toFile())
                .redirectErrorStream(true);
        pb.environment().put("BRIDGE_CONFIG_DIR", configDir.toString());
        // Logs outlive the temporary folder, so a failed run can be read afterwards.
        pb.environment().put("BRIDGE_LOG_DIR", home().resolve("target/it-logs/" + workDir.getFileName()).toString());
        pb.environment().put("BRIDGE_CACHE_DIR", workDir.resolve("cache").toString());
        pb.environment().put("BRIDGE_NO_BUILD", "1");
        // The Web Console's HTTP port: a free one, so bridges side by side never fight over 8080.
        int httpPort = FreePorts.tcp();
        pb.environment().put("BRIDGE_HTTP_PORT", String.valueOf(httpPort));
        // The store of a test bridge lives and dies with the test's folder (a test may still name its own).
        pb.environment().put("BRIDGE_DATA_DIR", workDir.resolve("data").toString());
        // -Dit.bridge.java.opts=... (e.g. the SIP trace logger switch) reaches the bridge's JVM.
        String opts = (String.join(" ", javaOpts) + " " + System.getProperty("it.bridge.java.opts", "")).trim();
        if (!opts.isBlank()) {
            // bin/bridge's own defaults make way for JAVA_OPTS: keep its small-machine GC settings.
            pb.environment().put("JAVA_OPTS", javaOpts.isEmpty() ? opts : "-XX:+UseSerialGC -Xmn48m " + opts);
        }
        BridgeProcess bridge = new BridgeProcess(configDir, pb.start(), httpPort);
        bridge.awaitConsole();
        return bridge;
    }

    /** JVM options for a JMX connector on 127.0.0.1:{@code port}, without authentication or TLS (tests only). */
    public static List<String> jmxOptions(int port) {
        return List.of(
                "-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false",
                "-Djava.rmi.server.hostname=127.0.0.1");
    }

    private static void writeConfig(Path file, Map<String, String> config) throws IOException {
        String text = new TreeMap<>(config).entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n", "# written by the integration test\n", "\n"));
        // Write then move, so FileInstall never reads half a file.
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void awaitConsole() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("bin/bridge exited with " + process.exitValue() + ":\n"
                        + String.join("\n", log.lines()));
            }
            // A command that arrives while the bridge starts waits for it (SCR's lock, up to 60 s).
            long left = Math.max(deadline - System.nanoTime(), Duration.ofSeconds(20).toNanos());
            String out = run("sscp:status", Duration.ofNanos(left));
            // Started = the bridge answers and the framework has reached its start level (the shell
            // starts last, at level 3, and can read a command just before the framework says so).
            if (out.contains("SSCP bridge:") && run("lb", Duration.ofSeconds(20)).lines()
                    .anyMatch(l -> l.matches("\\s*0\\|Active.*"))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the sscp commands never appeared:\n" + String.join("\n", log.lines()));
    }

    /** Runs one Gogo command and returns what it printed (log lines of the same moment included). */
    public synchronized String run(String command, Duration timeout) throws IOException, InterruptedException {
        String end = "END-OF-COMMAND-" + (++marker);
        int from = log.size();
        stdin.write((command + "\necho " + end + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
        int at = log.await(from, l -> l.contains(end), timeout);
        return String.join("\n", log.lines().subList(from, at));
    }

    public String run(String command) throws IOException, InterruptedException {
        return run(command, Duration.ofSeconds(30));
    }

    /** Writes (or replaces) {@code NAME.cfg} in the watched folder, e.g. {@code sscp.device-phone1}. */
    public void writeCfg(String name, Map<String, String> config) throws IOException {
        writeConfig(configDir.resolve(name + ".cfg"), config);
    }

    public void deleteCfg(String name) throws IOException {
        Files.deleteIfExists(configDir.resolve(name + ".cfg"));
    }

    /** Polls {@code command} until its output contains {@code expected}. */
    public String awaitOutput(String command, String expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = run(command);
            if (out.contains(expected)) {
                return out;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(command + " never showed '" + expected + "':\n" + out);
    }

    /** Replaces {@code sscp.bridge.cfg}; FileInstall picks it up and the bridge applies it live. */
    public void reconfigure(Map<String, String> config) throws IOException {
        writeConfig(configDir.resolve("sscp.bridge.cfg"), config);
    }

    /** The TCP port of the bridge's Web Console on 127.0.0.1 ({@code BRIDGE_HTTP_PORT}). */
    public int httpPort() {
        return httpPort;
    }

    public ProcessLog log() {
        return log;
    }

    public Process process() {
        return process;
    }

    /**
     * Kills the bridge's JVM with SIGKILL (no shutdown hook, no orderly close: a crash), then
     * bin/bridge around it; waits until both are gone.
     */
    public void kill() throws InterruptedException {
        process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
    }

    /** Sends SIGTERM to bin/bridge, as an init system would. */
    public void terminate() {
        process.destroy();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            try {
                stdin.write("stop 0\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            } catch (IOException e) {
                // The shell is already gone; SIGTERM below.
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                List<ProcessHandle> all = process.descendants().toList();
                all.forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
