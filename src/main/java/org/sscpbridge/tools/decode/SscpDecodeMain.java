package org.sscpbridge.tools.decode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.sscpbridge.sscp.message.Direction;

/**
 * {@code bin/sscp-decode}: decodes SSCP datagrams from files, standard input (hex or raw) or a
 * capture, and prints one line of text or one JSON object per datagram. Malformed datagrams are
 * printed with their decode error, never skipped.
 *
 * <p>Exit status: 0 everything read; 1 some input could not be read (missing file, bad hex line,
 * damaged capture: what came before is printed); 2 bad options.
 */
public final class SscpDecodeMain {
    static final String USAGE = """
            usage: sscp-decode [--json] [--from phone|bridge] FILE...     one datagram per file ("-": stdin)
                   sscp-decode --hex [--json] [--from phone|bridge] [FILE...]   one hex datagram per line (default stdin)
                   sscp-decode [--json] [--from phone|bridge]          standard input is one raw datagram
                   sscp-decode --pcap FILE [--port N] [--json]         UDP to or from port N (default 2000) in a
                                                                       pcap / pcapng capture; src port N = sent by the bridge""";

    private SscpDecodeMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** The options of one run. */
    record Options(boolean json, boolean hex, Path pcap, int port, Direction from, List<String> files) {
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("sscp-decode: " + e.getMessage());
            return 2;
        }
        DatagramDecoder decoder = new DatagramDecoder();
        Function<DecodedDatagram, String> format = options.json() ? JsonFormat::line : TextFormat::line;
        Output output = new Output(decoder, format, out);
        boolean complete;
        if (options.pcap() != null) {
            complete = pcap(options, output, err);
        } else if (options.hex()) {
            complete = hex(options, stdin, output, err);
        } else {
            complete = raw(options, stdin, output, err);
        }
        return complete ? 0 : 1;
    }

    /** Decodes and prints, one datagram at a time. */
    private record Output(DatagramDecoder decoder, Function<DecodedDatagram, String> format, PrintStream out) {
        void print(RawDatagram raw) {
            out.println(format.apply(decoder.decode(raw)));
        }
    }

    static Options parse(String[] args) {
        boolean json = false;
        boolean hex = false;
        Path pcap = null;
        int port = 2000;
        Direction from = null;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--json" -> json = true;
                case "--hex" -> hex = true;
                case "--pcap" -> pcap = Path.of(value(args, ++i, a));
                case "--port" -> port = port(value(args, ++i, a));
                case "--from" -> from = direction(value(args, ++i, a));
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (a.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                    }
                    files.add(a);
                }
            }
        }
        if (pcap != null && (hex || !files.isEmpty() || from != null)) {
            throw new IllegalArgumentException("--pcap takes no other input, and the direction comes from --port\n" + USAGE);
        }
        return new Options(json, hex, pcap, port, from, files);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int port(String text) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("--port: not a port: " + text);
        }
        return Integer.parseInt(text);
    }

    private static Direction direction(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "phone" -> Direction.PHONE;
            case "bridge" -> Direction.BRIDGE;
            default -> throw new IllegalArgumentException("--from: phone or bridge, not " + text);
        };
    }

    private static boolean pcap(Options options, Output output, PrintStream err) {
        byte[] file;
        try {
            file = Files.readAllBytes(options.pcap());
        } catch (IOException e) {
            err.println("sscp-decode: cannot read " + options.pcap() + ": " + e);
            return false;
        }
        Capture capture = PcapReader.read(file);
        Set<Integer> unsupported = new TreeSet<>();
        for (CapturedPacket packet : capture.packets()) {
            if (!LinkLayer.supports(packet.linkType())) {
                unsupported.add(packet.linkType());
                continue;
            }
            Optional<UdpPacket> udp = LinkLayer.udp(packet.linkType(), packet.data());
            if (udp.isEmpty()) {
                continue; // not UDP: not SSCP
            }
            UdpPacket u = udp.get();
            boolean fromBridge = u.source().getPort() == options.port();
            if (!fromBridge && u.destination().getPort() != options.port()) {
                continue;
            }
            output.print(new RawDatagram("packet " + packet.number(), packet.time(), u.source(), u.destination(),
                    fromBridge ? Direction.BRIDGE : Direction.PHONE, u.payload()));
        }
        for (int linkType : unsupported) {
            err.println("sscp-decode: link type " + linkType + " is not supported; its packets were skipped");
        }
        if (!capture.complete()) {
            err.println("sscp-decode: " + options.pcap() + ": " + capture.problem() + "; stopped after packet "
                    + capture.packets().size());
            return false;
        }
        return true;
    }

    private static boolean hex(Options options, InputStream stdin, Output output, PrintStream err) {
        boolean complete = true;
        List<String> files = options.files().isEmpty() ? List.of("-") : options.files();
        for (String name : files) {
            List<String> lines;
            try {
                lines = name.equals("-")
                        ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).lines().toList()
                        : Files.readAllLines(Path.of(name), StandardCharsets.UTF_8);
            } catch (IOException | java.io.UncheckedIOException e) {
                err.println("sscp-decode: cannot read " + name + ": " + e);
                complete = false;
                continue;
            }
            String label = name.equals("-") ? "stdin" : name;
            for (int i = 0; i < lines.size(); i++) {
                byte[] bytes;
                try {
                    bytes = HexLines.parse(lines.get(i));
                } catch (IllegalArgumentException e) {
                    err.println("sscp-decode: " + label + " line " + (i + 1) + ": " + e.getMessage());
                    complete = false;
                    continue;
                }
                if (bytes != null) {
                    output.print(RawDatagram.of(label + " line " + (i + 1), options.from(), bytes));
                }
            }
        }
        return complete;
    }

    private static boolean raw(Options options, InputStream stdin, Output output, PrintStream err) {
        boolean complete = true;
        List<String> files = options.files().isEmpty() ? List.of("-") : options.files();
        for (String name : files) {
            try {
                byte[] bytes = name.equals("-") ? stdin.readAllBytes() : Files.readAllBytes(Path.of(name));
                output.print(RawDatagram.of(name.equals("-") ? "stdin" : name, options.from(), bytes));
            } catch (IOException e) {
                err.println("sscp-decode: cannot read " + name + ": " + e);
                complete = false;
            }
        }
        return complete;
    }
}
