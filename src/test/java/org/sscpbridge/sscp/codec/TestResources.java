package org.sscpbridge.sscp.codec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads test resources from the classpath (never from outside the project). */
final class TestResources {
    private TestResources() {
    }

    static byte[] bytes(String path) {
        try (InputStream in = TestResources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] fixture(String name) {
        return bytes("/sscp/fixtures/" + name);
    }
}
