package org.sscpbridge.it.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A private Apache Karaf for integration tests: a copy of the distribution the build unpacked into
 * {@code target/karaf} (failsafe passes {@code karaf.it.distribution}), on free loopback ports (SSH,
 * JMX/RMI), the user karaf/karaf enabled, Maven resolution restricted to the build's local
 * repository, a folder holding the freshly built bridge bundle and Maven Central; started headless
 * ({@code bin/karaf server}) and driven through {@code bin/client} over SSH, as an operator would.
 */
public final class KarafInstance implements AutoCloseable {
    public static final String USER = "karaf";
    public static final String PASSWORD = "karaf";
    /** Maven Central: the only remote repository the test Karaf may use (for Karaf's own scr feature). */
    public static final String CENTRAL = "https://repo.maven.apache.org/maven2@id=central";

    private final Path home;
    private final int sshPort;
    private Process process;
    private ProcessLog log;

    private KarafInstance(Path home, int sshPort) {
        this.home = home;
        this.sshPort = sshPort;
    }

    /** The unpacked distribution failsafe names (target/karaf/apache-karaf-VERSION). */
    public static Path distribution() {
        return Path.of(required("karaf.it.distribution"));
    }

    /** The filtered features repository of this build (target/features/features.xml). */
    public static Path featuresFile() {
        return Path.of(required("karaf.it.features"));
    }

    /** The features repository's Maven URL, as after {@code mvn install}: {@code mvn:GROUP/ARTIFACT/VERSION/xml/features}. */
    public static String featuresUrl() {
        return "mvn:org.sscpbridge/sscp-sip-bridge/" + required("karaf.it.version") + "/xml/features";
    }

    static String required(String property) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + property + " not set: run through failsafe (mvn verify)");
        }
        return v;
    }

    /**
     * Copies the distribution to {@code dir} and configures it: free ports, the karaf user, Maven
     * resolution (the build's local repository, a repository holding the bridge bundle as
     * {@code mvn:org.sscpbridge/sscp-sip-bridge/VERSION}, Central), and the given {@code etc/NAME.cfg} files.
     */
    public static KarafInstance prepare(Path dir, Map<String, Map<String, String>> cfgs) throws IOException {
        Path distribution = distribution();
        if (!Files.isRegularFile(distribution.resolve("bin/karaf"))) {
            throw new IllegalStateException(distribution + " holds no Karaf: the pre-integration-test phase unpacks it");
        }
        copyTree(distribution, dir);
        for (String script : List.of("karaf", "client", "start", "stop", "status", "shell", "inc", "setenv")) {
            dir.resolve("bin").resolve(script).toFile().setExecutable(true);
        }
        int sshPort = freeTcpPort();
        KarafInstance k = new KarafInstance(dir, sshPort);
        k.setProperty("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(sshPort));
        k.setProperty("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1");
        k.setProperty("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freeTcpPort()));
        k.setProperty("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freeTcpPort()));
        k.enableKarafUser();
        k.configureMaven();
        for (var e : cfgs.entrySet()) {
            k.writeCfg(e.getKey(), e.getValue());
        }
        return k;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A TCP port free on 127.0.0.1 now. */
    static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the {@code key = value} line of a Karaf properties file (appends it when absent). */
    public void setProperty(String file, String key, String value) throws IOException {
        Path p = home.resolve(file);
        String text = Files.readString(p, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*=.*$").matcher(text);
        String line = key + " = " + value;
        text = m.find() ? m.replaceFirst(Matcher.quoteReplacement(line)) : text + "\n" + line + "\n";
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** Karaf 4.4 ships its only user, karaf/karaf, commented out: bin/client needs it. */
    private void enableKarafUser() throws IOException {
        Path p = home.resolve("etc/users.properties");
        String text = Files.readString(p, StandardCharsets.UTF_8)
                .replaceFirst("(?m)^#\\s*karaf\\s*=", "karaf =")
                .replaceFirst("(?m)^#\\s*_g_\\\\:admingroup\\s*=", "_g_\\\\:admingroup =");
        if (!text.contains("\nkaraf =")) {
            text += "\nkaraf = " + PASSWORD + ",_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n";
        }
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /**
     * Where Karaf's mvn: URLs come from: its own system/ folder, a folder holding the bridge bundle
     * and features file just built (the IT phase runs before install), the build's local repository, and Maven Central
     * only (for what Karaf's own scr feature installs and its distribution lacks; cached in the local
     * repository after the first run). No other remote repository, no fallback.
     */
    private void configureMaven() throws IOException {
        String version = required("karaf.it.version");
        Path bundle = Path.of(required("karaf.it.bundle"));
        Path buildRepo = home.resolve("sscp-bridge-repository");
        Path target = buildRepo.resolve("org/sscpbridge/sscp-sip-bridge/" + version + "/sscp-sip-bridge-" + version + ".jar");
        Files.createDirectories(target.getParent());
        Files.copy(bundle, target, StandardCopyOption.REPLACE_EXISTING);
        // The features repository under the name `mvn install` gives the attached artifact (classifier
        // features, type xml), so that the test adds it by the URL the README gives.
        Files.copy(featuresFile(), target.resolveSibling("sscp-sip-bridge-" + version + "-features.xml"),
                StandardCopyOption.REPLACE_EXISTING);
        Path localRepository = Path.of(required("karaf.it.localRepository"));
        String cfg = """
                # written by the integration test (KarafInstance)
                org.ops4j.pax.url.mvn.certificateCheck = true
                org.ops4j.pax.url.mvn.useFallbackRepositories = false
                org.ops4j.pax.url.mvn.localRepository = %s
                org.ops4j.pax.url.mvn.defaultRepositories = \\
                    ${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, \\
                    %s@id=sscp-bridge-build@snapshots
                org.ops4j.pax.url.mvn.repositories = %s
                org.ops4j.pax.url.mvn.timeout = 5000
                org.ops4j.pax.url.mvn.socket.connectionTimeout = 5000
                org.ops4j.pax.url.mvn.socket.readTimeout = 30000
                org.ops4j.pax.url.mvn.connection.retryCount = 2
                """.formatted(localRepository, buildRepo.toUri(), CENTRAL);
        Files.writeString(home.resolve("etc/org.ops4j.pax.url.mvn.cfg"), cfg, StandardCharsets.UTF_8);
    }

    /** Writes {@code etc/NAME.cfg} (e.g. {@code sscp.bridge}, {@code sscp.device-a}); Karaf's FileInstall reads it. */
    public void writeCfg(String name, Map<String, String> config) throws IOException {
        String text = new TreeMap<>(config).entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining("\n", "# written by the integration test\n", "\n"));
        Path file = home.resolve("etc").resolve(name + ".cfg");
        Path tmp = home.resolve("etc").resolve(name + ".cfg.tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Appends a line to {@code etc/system.properties} (JVM system properties Karaf sets at start). */
    public void addSystemProperty(String key, String value) throws IOException {
        Files.writeString(home.resolve("etc/system.properties"), "\n" + key + " = " + value + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    private ProcessBuilder script(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KARAF_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KARAF_HOME", home.toString());
        return pb;
    }

    /** Starts Karaf headless and waits until its SSH shell answers. */
    public void start(Duration timeout) throws IOException, InterruptedException {
        process = script(List.of(home.resolve("bin/karaf").toString(), "server")).start();
        log = new ProcessLog("karaf", process.getInputStream());
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("bin/karaf server exited with " + process.exitValue() + ":\n" + output());
            }
            Result r = client("feature:list -i", Duration.ofSeconds(30));
            last = r.output();
            // The shell answers before every boot feature is in: wait for the feature service too.
            if (r.exitCode() == 0 && last.contains("| Started") && !last.contains("Command not found")) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("Karaf's shell did not answer within " + timeout + ": " + last + "\n" + output());
    }

    /** What one {@code bin/client} call printed, and its exit code. */
    public record Result(int exitCode, String output) {
        /** Whether Karaf reported an error (bin/client exits 0 after some of them). */
        public boolean failed() {
            return exitCode != 0 || output.contains("Error executing command") || output.contains("Command not found");
        }
    }

    /**
     * Runs one command through {@code bin/client} (an SSH exec channel). Karaf prints what a command
     * writes but not what it returns in this mode: use {@link KarafShell} for commands that return values.
     */
    public Result client(String command, Duration timeout) throws IOException, InterruptedException {
        Process p = script(List.of(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort),
                "-h", "127.0.0.1", "-u", USER, "-p", PASSWORD, command)).start();
        // Standard input stays open until the client ends: on end of input it would close the session
        // before the command's output arrives.
        OutputStream keepOpen = p.getOutputStream();
        ProcessLog out = new ProcessLog("karaf-client", p.getInputStream());
        boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        keepOpen.close();
        if (!done) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            return new Result(-1, String.join("\n", out.lines()) + "\n[bin/client timed out after " + timeout + "]");
        }
        // The output pump may still be draining after the process ended.
        Thread.sleep(100);
        return new Result(p.exitValue(), stripAnsi(String.join("\n", out.lines())));
    }

    /** Runs a command that must succeed; returns what it printed. */
    public String run(String command) throws IOException, InterruptedException {
        Result r = client(command, Duration.ofSeconds(120));
        if (r.failed()) {
            throw new AssertionError("'" + command + "' failed (exit " + r.exitCode() + "):\n" + r.output()
                    + "\n--- karaf.log (end) ---\n" + karafLogTail(80));
        }
        return r.output();
    }

    /** Opens an interactive Karaf shell session over SSH (bin/client without a command). */
    public KarafShell shell() throws IOException, InterruptedException {
        return KarafShell.open(script(List.of(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort),
                "-h", "127.0.0.1", "-u", USER, "-p", PASSWORD)));
    }

    static String stripAnsi(String s) {
        return s.replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "");
    }

    public Path home() {
        return home;
    }

    public int sshPort() {
        return sshPort;
    }

    /** Karaf's own log (data/log/karaf.log), last lines. */
    public String karafLogTail(int lines) {
        try {
            List<String> all = Files.readAllLines(home.resolve("data/log/karaf.log"), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "[no karaf.log: " + e.getMessage() + "]";
        }
    }

    /** What bin/karaf server printed (the process's standard output and error). */
    public String output() {
        return log == null ? "" : String.join("\n", log.lines());
    }

    /** Stops Karaf (bin/stop, then SIGTERM, then SIGKILL), whatever state it is in. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        if (process.isAlive()) {
            try {
                Process stop = script(List.of(home.resolve("bin/stop").toString())).start();
                stop.getOutputStream().close();
                stop.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // fall through to the signals below
            }
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        // bin/karaf runs Java as its child: make sure no JVM of this instance outlives the test.
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        keepLogs();
    }

    /** Karaf's logs outlive the temporary folder (target/it-logs/karaf-N/), so a failed run can be read. */
    private void keepLogs() {
        try {
            Path logs = home.resolve("data/log");
            if (!Files.isDirectory(logs)) {
                return;
            }
            Path to = BridgeProcess.home().resolve("target/it-logs/karaf-" + sshPort);
            Files.createDirectories(to);
            try (var files = Files.list(logs)) {
                for (Path f : files.toList()) {
                    Files.copy(f, to.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(to.resolve("karaf-server.out"), output(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // logs are a courtesy
        }
    }
}
