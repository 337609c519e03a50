package org.sscpbridge.tools.phone.script;

import java.io.PrintStream;
import org.sscpbridge.tools.phone.CommandRunner;
import org.sscpbridge.tools.phone.SimulatedPhone;
import org.sscpbridge.tools.phone.StepResult;

/**
 * Runs a script line by line against a simulated phone and stops at the first unmet expectation,
 * or as soon as the bridge refuses the registration for good.
 */
public final class ScriptRunner {
    /** Exit status: every line ran and every expectation was met. */
    public static final int OK = 0;
    /** Exit status: an expectation failed or the registration was refused. */
    public static final int FAILED = 1;

    private final SimulatedPhone phone;
    private final PrintStream out;
    private final PrintStream err;

    public ScriptRunner(SimulatedPhone phone, PrintStream out, PrintStream err) {
        this.phone = phone;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code script}; returns {@link #OK} or {@link #FAILED} (the reason went to {@code err}). */
    public int run(Script script) throws InterruptedException {
        CommandRunner runner = new CommandRunner(phone, out);
        for (ScriptLine line : script.lines()) {
            out.println(script.name() + ":" + line.number() + "> " + line.text());
            StepResult result = runner.run(line.command());
            String refusal = phone.refusal();
            if (result.kind() == StepResult.Kind.FAILED) {
                err.println(script.name() + " line " + line.number() + ": " + line.text() + "\n  " + result.failure());
                return FAILED;
            }
            if (refusal != null) {
                err.println(script.name() + " line " + line.number() + ": registration refused: " + refusal);
                return FAILED;
            }
            if (result.kind() == StepResult.Kind.QUIT) {
                break;
            }
        }
        out.println(script.name() + ": done, every expectation met");
        return OK;
    }
}
