package org.sscpbridge.tools.phone;

/** How one command went: done, the user asked to quit, or an expectation failed (with the report). */
public record StepResult(Kind kind, String failure) {
    public enum Kind { DONE, QUIT, FAILED }

    public static final StepResult DONE = new StepResult(Kind.DONE, null);
    public static final StepResult QUIT = new StepResult(Kind.QUIT, null);

    public static StepResult failed(String report) {
        return new StepResult(Kind.FAILED, report);
    }
}
