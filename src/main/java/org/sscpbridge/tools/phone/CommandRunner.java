package org.sscpbridge.tools.phone;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.sscpbridge.tools.phone.command.Command;
import org.sscpbridge.tools.phone.command.CommandParser;
import org.sscpbridge.tools.phone.rtp.RtpCounters;

/**
 * Runs one parsed command against a simulated phone, for the console and for scripts alike:
 * phone actions go to the phone, {@code expect} waits on the journal or the RTP counters,
 * {@code show} / {@code rtp} / {@code help} print.
 */
public final class CommandRunner {
    private static final Duration RTP_POLL = Duration.ofMillis(20);
    private static final int MAX_LISTED = 20;

    private final SimulatedPhone phone;
    private final PrintStream out;

    public CommandRunner(SimulatedPhone phone, PrintStream out) {
        this.phone = phone;
        this.out = out;
    }

    public StepResult run(Command command) throws InterruptedException {
        if (command instanceof Command.PhoneAction action) {
            try {
                phone.perform(action).join();
            } catch (CompletionException e) {
                return StepResult.failed(action + " could not be sent: " + e.getCause().getMessage());
            }
            return StepResult.DONE;
        }
        if (command instanceof Command.Expect expect) {
            return expect(expect);
        }
        if (command instanceof Command.ExpectRtp expect) {
            return expectRtp(expect);
        }
        if (command instanceof Command.Sleep sleep) {
            Thread.sleep(sleep.duration().toMillis());
        } else if (command instanceof Command.Show) {
            out.println(phone.render(true).join());
        } else if (command instanceof Command.Rtp) {
            out.println(phone.rtpReport());
        } else if (command instanceof Command.Help) {
            out.println(CommandParser.HELP);
        } else if (command instanceof Command.Quit) {
            return StepResult.QUIT;
        }
        return StepResult.DONE;
    }

    private StepResult expect(Command.Expect expect) throws InterruptedException {
        ReceivedJournal.Outcome outcome = phone.journal().await(expect.messageName(),
                m -> ExpectationMatcher.matches(m, expect.conditions()), expect.within(),
                () -> phone.refusal() != null); // a refused phone will receive nothing more worth waiting for
        if (outcome.matched()) {
            return StepResult.DONE;
        }
        StringBuilder report = new StringBuilder("expected ")
                .append(ExpectationMatcher.describe(expect.messageName(), expect.conditions()))
                .append(" within ").append(seconds(expect.within())).append(", not received");
        String refusal = phone.refusal();
        if (refusal != null) {
            report.append(" (registration refused: ").append(refusal).append(')');
        }
        list(report, "received meanwhile", outcome.arrivedMeanwhile());
        list(report, "earlier " + expect.messageName() + " not yet consumed", outcome.unconsumedSameName());
        return StepResult.failed(report.toString());
    }

    private StepResult expectRtp(Command.ExpectRtp expect) throws InterruptedException {
        long deadline = System.nanoTime() + expect.within().toNanos();
        RtpCounters now = phone.rtpTotal();
        while (!ExpectationMatcher.matches(now, expect.conditions())) {
            if (System.nanoTime() >= deadline) {
                return StepResult.failed("expected " + ExpectationMatcher.describe("rtp", expect.conditions())
                        + " within " + seconds(expect.within()) + "; counters are sent=" + now.sent()
                        + " received=" + now.received() + "\n" + phone.rtpReport());
            }
            Thread.sleep(RTP_POLL.toMillis());
            now = phone.rtpTotal();
        }
        return StepResult.DONE;
    }

    private static void list(StringBuilder report, String title, List<ReceivedMessage> messages) {
        if (messages.isEmpty() && !title.startsWith("received")) {
            return;
        }
        report.append("\n  ").append(title).append(": ").append(messages.isEmpty() ? "nothing" : messages.size() + "");
        int from = Math.max(0, messages.size() - MAX_LISTED);
        if (from > 0) {
            report.append("\n    ... ").append(from).append(" earlier");
        }
        for (ReceivedMessage m : messages.subList(from, messages.size())) {
            report.append("\n    #").append(m.number()).append(' ').append(m.text());
        }
    }

    private static String seconds(Duration d) {
        return (d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0)) + " s";
    }
}
