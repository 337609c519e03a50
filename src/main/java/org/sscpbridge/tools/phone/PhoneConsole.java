package org.sscpbridge.tools.phone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import org.sscpbridge.tools.phone.command.Command;
import org.sscpbridge.tools.phone.command.CommandParser;
import org.sscpbridge.tools.phone.command.CommandSyntaxException;

/** The interactive mode: one command per line from standard input until {@code quit} or end of input. */
final class PhoneConsole {
    private final SimulatedPhone phone;
    private final PrintStream out;

    PhoneConsole(SimulatedPhone phone, PrintStream out) {
        this.phone = phone;
        this.out = out;
    }

    void run(BufferedReader in) throws IOException, InterruptedException {
        CommandRunner runner = new CommandRunner(phone, out);
        out.println("sscp-phone " + phone.options().deviceId() + " -> " + phone.options().bridge().getHostString() + ":" + phone.options().bridge().getPort()
                + " (type help for the commands, quit to leave)");
        String line;
        while ((line = in.readLine()) != null) {
            Optional<Command> command;
            try {
                command = CommandParser.parse(line);
            } catch (CommandSyntaxException e) {
                out.println("?? " + e.getMessage());
                continue;
            }
            if (command.isEmpty()) {
                continue;
            }
            StepResult result = runner.run(command.get());
            if (result.kind() == StepResult.Kind.FAILED) {
                out.println("!! " + result.failure());
            } else if (result.kind() == StepResult.Kind.QUIT) {
                return;
            }
        }
    }
}
