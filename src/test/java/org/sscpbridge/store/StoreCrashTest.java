package org.sscpbridge.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a method of the embedded store returned survives {@code kill -9}: a child JVM
 * ({@link StoreCrashWriter}) writes from 4 threads and reports each write after it returned; it is
 * killed with SIGKILL ({@code destroyForcibly}) while still writing; then every reported write must
 * be found.
 */
class StoreCrashTest {

    @TempDir
    Path dataDir;

    @Test
    void everyReturnedWriteSurvivesSigkill() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", classPath, StoreCrashWriter.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> acks = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            boolean written = false;
            long killAt = Long.MAX_VALUE;
            while ((line = out.readLine()) != null) {
                if (line.equals("written")) {
                    written = true;
                    killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300); // kill in the middle of writing
                } else {
                    acks.add(line);
                }
                if (System.nanoTime() > killAt) {
                    // SIGKILL while the threads write. It also closes our end of the pipe: lines the
                    // child printed after the last one read are not checked (a subset is checked).
                    child.destroyForcibly();
                    break;
                }
                if (System.nanoTime() > deadline) {
                    child.destroyForcibly();
                    fail("the writer did not print 'written' within 60 s");
                }
            }
            assertTrue(written, "the writer ended before 'written' (see its standard error)");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertTrue(acks.size() >= 200, "acknowledged writes: " + acks.size());

        try (Store store = Stores.open(StoreSettings.embedded(dataDir))) {
            Map<String, Set<String>> bookIds = new HashMap<>();
            Map<String, Set<Long>> callKeys = new HashMap<>();
            for (String ack : acks) {
                String[] f = ack.split(" ");
                String owner = f[1].equals("-") ? null : f[1];
                if (f[0].equals("book")) {
                    bookIds.computeIfAbsent(f[1], o -> idsOf(store, owner));
                    assertTrue(bookIds.get(f[1]).contains(f[2]), "phone book entry lost: " + ack);
                } else {
                    callKeys.computeIfAbsent(f[1], d -> keysOf(store, d));
                    assertTrue(callKeys.get(f[1]).contains(Long.parseLong(f[2])), "history entry lost: " + ack);
                }
            }
        }
    }

    private static Set<String> idsOf(Store store, String owner) {
        Set<String> ids = new HashSet<>();
        store.phoneBook().all(owner).forEach(e -> ids.add(e.id()));
        return ids;
    }

    private static Set<Long> keysOf(Store store, String device) {
        Set<Long> keys = new HashSet<>();
        store.history().query(device, Optional.empty(), Integer.MAX_VALUE).forEach(e -> keys.add(e.key()));
        return keys;
    }
}
