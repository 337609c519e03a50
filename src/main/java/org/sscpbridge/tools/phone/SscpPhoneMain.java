package org.sscpbridge.tools.phone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import org.sscpbridge.tools.phone.script.Script;
import org.sscpbridge.tools.phone.script.ScriptParser;
import org.sscpbridge.tools.phone.script.ScriptRunner;
import org.sscpbridge.tools.phone.script.ScriptSyntaxException;

/**
 * {@code bin/sscp-phone}: a simulated SSCP phone, interactive or running a script.
 *
 * <p>Exit status: 0 done; 1 an expectation failed or the registration was refused; 2 bad
 * options or a script that does not parse; 3 the phone could not start (e.g. port taken).
 */
public final class SscpPhoneMain {
    public static final int USAGE = 2;
    public static final int START_FAILED = 3;

    private SscpPhoneMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Everything of {@link #main} but the exit, for tests. */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws InterruptedException {
        PhoneOptions options;
        Script script = null;
        try {
            options = PhoneOptions.parse(Arrays.asList(args));
            if (options.script() != null) {
                String text = Files.readString(options.script(), StandardCharsets.UTF_8);
                script = ScriptParser.parse(options.script().getFileName().toString(), text);
            }
        } catch (IllegalArgumentException e) {
            err.println("sscp-phone: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("sscp-phone: cannot read the script: " + e);
            return USAGE;
        } catch (ScriptSyntaxException e) {
            err.println("sscp-phone: " + e.getMessage());
            return USAGE;
        }
        ConsoleEvents events = new ConsoleEvents(out, script == null);
        try (SimulatedPhone phone = SimulatedPhone.start(options, events)) {
            events.attach(phone);
            if (script != null) {
                return new ScriptRunner(phone, out, err).run(script);
            }
            new PhoneConsole(phone, out).run(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
            return 0;
        } catch (IOException e) {
            err.println("sscp-phone: " + e);
            return START_FAILED;
        }
    }
}
