package org.sscpbridge.tools.phone;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Prints what the phone does: every message in and out (keepalives left out: they would drown the
 * rest) and, in interactive mode, the compact screen after every change. Re-prints coalesce: a
 * burst of messages redraws the screen once, after the burst has been applied.
 */
final class ConsoleEvents implements PhoneEvents {
    private final PrintStream out;
    private final boolean redrawScreen;
    private final AtomicBoolean redrawPending = new AtomicBoolean();
    private volatile SimulatedPhone phone;

    ConsoleEvents(PrintStream out, boolean redrawScreen) {
        this.out = out;
        this.redrawScreen = redrawScreen;
    }

    void attach(SimulatedPhone simulatedPhone) {
        this.phone = simulatedPhone;
    }

    @Override
    public void received(String line) {
        if (!line.startsWith("KeepAliveAck")) {
            out.println("<< " + line);
        }
    }

    @Override
    public void sent(String line) {
        if (!line.startsWith("KeepAlive")) {
            out.println(">> " + line);
        }
    }

    @Override
    public void notice(String text) {
        out.println("-- " + text);
    }

    @Override
    public void screenChanged() {
        SimulatedPhone p = phone;
        if (!redrawScreen || p == null || !redrawPending.compareAndSet(false, true)) {
            return;
        }
        // Queued behind the messages already waiting on the phone's executor: never joined here,
        // because this runs on that executor.
        p.render(false).whenComplete((screen, failure) -> {
            redrawPending.set(false);
            if (screen != null) {
                out.println(screen);
            }
        });
    }
}
