package org.sscpbridge.sscp.codec;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.sscpbridge.sscp.message.BridgeMessage;
import org.sscpbridge.sscp.message.SscpMessage;

/**
 * How the bridge writes to one phone (device keys {@code display.charset} and
 * {@code display.width}; docs/PROTOCOL.md §6.9): every datagram in {@code charset}, its XML
 * declaration naming it, characters the charset cannot encode written as '?'; Display text and
 * the CallState party name cut to {@code width} characters per line ({@link DisplayText}).
 *
 * @param charset an ASCII-compatible charset ({@link WireCharsets})
 * @param width characters per display line, {@link DisplayText#NO_LIMIT} (0) or {@value #MIN_WIDTH}..{@value #MAX_WIDTH}
 */
public record DisplayEncoding(Charset charset, int width) {
    public static final int MIN_WIDTH = 8;
    public static final int MAX_WIDTH = 255;

    /** UTF-8, no width limit: SPEC §1, and what a phone gets before it registers. */
    public static final DisplayEncoding DEFAULT = new DisplayEncoding(StandardCharsets.UTF_8, DisplayText.NO_LIMIT);

    public DisplayEncoding {
        Objects.requireNonNull(charset, "charset");
        if (!WireCharsets.isUsable(charset)) {
            throw new IllegalArgumentException(charset.name() + " cannot carry SSCP (not ASCII-compatible)");
        }
        if (width != DisplayText.NO_LIMIT && (width < MIN_WIDTH || width > MAX_WIDTH)) {
            throw new IllegalArgumentException("width " + width + " is not 0 (no limit) or " + MIN_WIDTH + ".." + MAX_WIDTH);
        }
    }

    public boolean isUtf8() {
        return charset.equals(StandardCharsets.UTF_8);
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** {@code message} with its display texts cut to the width; the same instance when nothing changes. */
    public SscpMessage fit(SscpMessage message) {
        if (width == DisplayText.NO_LIMIT) {
            return message;
        }
        if (message instanceof BridgeMessage.Display d) {
            String text = DisplayText.fit(d.text(), width);
            return text.equals(d.text()) ? d : new BridgeMessage.Display(text, d.timeoutSeconds());
        }
        if (message instanceof BridgeMessage.CallState c && c.party() != null && c.party().name() != null) {
            BridgeMessage.Party p = c.party();
            String name = DisplayText.fit(p.name(), width);
            return name.equals(p.name()) ? c
                    : new BridgeMessage.CallState(c.callId(), c.line(), c.state(),
                            new BridgeMessage.Party(p.number(), name, p.direction()));
        }
        return message;
    }

    @Override
    public String toString() {
        return charset.name() + (width == DisplayText.NO_LIMIT ? "" : ", " + width + " chars per line");
    }
}
