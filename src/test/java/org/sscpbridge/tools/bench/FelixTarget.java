package org.sscpbridge.tools.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sscpbridge.it.support.BridgeProcess;

/**
 * The bridge as users run it: bin/bridge (Felix, SCR, FileInstall) in its own JVM with bin/bridge's
 * default JVM options, {@code sscp.bridge.cfg} plus one {@code sscp.device-N.cfg} per device in a
 * config folder of the run. CPU comes from {@code /proc/PID/stat} of its JVM, live heap from
 * {@code jcmd PID GC.class_histogram}, live calls from {@code sscp:status}.
 */
public final class FelixTarget implements BridgeUnderTest {
    private static final Pattern CALLS = Pattern.compile("calls (\\d+)");

    private final BridgeProcess process;
    private final long javaPid;
    private final InetSocketAddress sscp;

    private FelixTarget(BridgeProcess process, long javaPid, InetSocketAddress sscp) {
        this.process = process;
        this.javaPid = javaPid;
        this.sscp = sscp;
    }

    /** Starts bin/bridge in {@code workDir}; returns once its console answers (devices may still be loading). */
    public static FelixTarget start(Path workDir, Map<String, String> config, List<Map<String, String>> devices)
            throws IOException, InterruptedException {
        Map<String, Map<String, String>> more = new LinkedHashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            more.put("sscp.device-" + i, devices.get(i));
        }
        Map<String, String> c = new LinkedHashMap<>(config);
        c.remove("data.dir"); // BridgeProcess gives it a data folder of its own
        // The device files are there from the start, as at an operator's boot. (Written into the watched folder
        // after the start instead, 2 500 of them loaded far slower: 267 in 125 s at load ~20.)
        BridgeProcess p = BridgeProcess.start(workDir, c, more);
        long pid = p.process().descendants()
                .filter(h -> h.info().command().map(cmd -> cmd.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IOException("no java process under bin/bridge"));
        return new FelixTarget(p, pid, new InetSocketAddress(config.get("sscp.address"),
                Integer.parseInt(config.get("sscp.port"))));
    }

    public BridgeProcess process() {
        return process;
    }

    public long javaPid() {
        return javaPid;
    }

    @Override
    public String kind() {
        return "Felix (bin/bridge)";
    }

    @Override
    public InetSocketAddress sscp() {
        return sscp;
    }

    @Override
    public long cpuNanos() throws IOException {
        return ProcStat.cpuNanos(javaPid);
    }

    @Override
    public long liveHeapBytes() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(javaPid), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(120, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
            throw new IOException("jcmd GC.class_histogram failed: " + out.lines().limit(5).toList());
        }
        return LiveHeap.totalBytes(out);
    }

    @Override
    public int liveCalls() throws IOException, InterruptedException {
        Matcher m = CALLS.matcher(process.run("sscp:status", Duration.ofSeconds(30)));
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
