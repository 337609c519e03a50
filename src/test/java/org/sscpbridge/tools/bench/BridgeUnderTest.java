package org.sscpbridge.tools.bench;

import java.net.InetSocketAddress;

/**
 * The bridge a benchmark drives over UDP: in this JVM (plain {@code Bridge}, no Felix) or as users
 * run it (bin/bridge: Felix, SCR, FileInstall, in its own JVM). Both are configured with the same
 * keys and devices; the benchmark measures through this interface only.
 */
public interface BridgeUnderTest extends AutoCloseable {
    /** "in-process" or "Felix (bin/bridge)". */
    String kind();

    InetSocketAddress sscp();

    /** CPU nanoseconds the bridge has used so far (in-process: the JVM minus the harness's own threads). */
    long cpuNanos() throws Exception;

    /** Live heap bytes after a full GC (class histogram total; in-process it includes the harness). */
    long liveHeapBytes() throws Exception;

    /** Calls the bridge still holds. */
    int liveCalls() throws Exception;

    @Override
    void close() throws Exception;
}
