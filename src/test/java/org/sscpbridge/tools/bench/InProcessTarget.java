package org.sscpbridge.tools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.sscpbridge.bridge.Bridge;
import org.sscpbridge.config.BridgeConfigParser;
import org.sscpbridge.config.DeviceConfigParser;
import org.sscpbridge.phone.DeviceDirectory;

/**
 * The bridge in this JVM: {@code new Bridge(directory)}, {@code configure(...)}, no Felix. Its
 * CPU is the process's CPU minus the harness's own threads (named {@code load-phones*} or
 * {@code bench-*}, and the thread that started it): the phones share the JVM.
 */
public final class InProcessTarget implements BridgeUnderTest {
    private final Bridge bridge;
    private final InetSocketAddress sscp;
    private final long harnessMain = Thread.currentThread().getId();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private InProcessTarget(Bridge bridge, InetSocketAddress sscp) {
        this.bridge = bridge;
        this.sscp = sscp;
    }

    public static InProcessTarget start(Map<String, String> config, List<Map<String, String>> devices)
            throws IOException, org.sscpbridge.config.ConfigException {
        DeviceDirectory directory = new DeviceDirectory();
        for (Map<String, String> d : devices) {
            directory.put(DeviceConfigParser.parse(d));
        }
        Bridge bridge = new Bridge(directory);
        bridge.configure(BridgeConfigParser.parse(config));
        if (!bridge.status().enabled()) {
            bridge.close();
            throw new IOException("bridge did not start: " + bridge.status().lastError());
        }
        return new InProcessTarget(bridge, new InetSocketAddress(config.get("sscp.address"),
                Integer.parseInt(config.get("sscp.port"))));
    }

    public Bridge bridge() {
        return bridge;
    }

    @Override
    public String kind() {
        return "in-process";
    }

    @Override
    public InetSocketAddress sscp() {
        return sscp;
    }

    @Override
    public long cpuNanos() {
        long harness = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && (t.getThreadId() == harnessMain || t.getThreadName().startsWith("load-phones")
                    || t.getThreadName().startsWith("bench-"))) {
                harness += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return os.getProcessCpuTime() - harness;
    }

    @Override
    public long liveHeapBytes() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        return LiveHeap.totalBytes(text);
    }

    @Override
    public int liveCalls() {
        return bridge.calls().size();
    }

    @Override
    public void close() {
        bridge.close();
    }
}
