package org.sscpbridge.tools.phone;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How {@code bin/sscp-phone} was started.
 *
 * @param bridge where the bridge listens
 * @param deviceId e.g. SEP00AABBCCDDEE
 * @param secret device secret for the registration challenge, or null
 * @param mediaPort RTP port, 0 for any free port
 * @param bind local SSCP address (port 0: any)
 * @param lossPercent share of SSCP datagrams dropped each way, 0..100
 * @param seed seeds the loss
 * @param script script file, or null for interactive
 * @param model model reported in Register
 * @param tone send a 1 kHz tone instead of silence
 * @param autoRegister register at start, as a phone does when it boots
 */
public record PhoneOptions(InetSocketAddress bridge, String deviceId, String secret, int mediaPort,
        InetSocketAddress bind, double lossPercent, long seed, Path script, String model, boolean tone,
        boolean autoRegister) {

    public static final String USAGE = """
            usage: sscp-phone --bridge HOST:PORT --device ID [--secret S] [--media-port N] [--bind ADDR:PORT]
                              [--loss PERCENT] [--seed N] [--script FILE] [--model M] [--tone] [--no-register]
              --bridge      the bridge's SSCP address, e.g. 127.0.0.1:2000
              --device      device id, e.g. SEP00AABBCCDDEE
              --secret      device secret: answers the bridge's challenge (SPEC 4)
              --media-port  UDP port of the phone's RTP socket (default: any free port)
              --bind        local address of the SSCP socket (default 0.0.0.0:0)
              --loss        drop this share of SSCP datagrams in each direction (default 0)
              --seed        random seed of --loss (default 1)
              --script      run the commands of FILE, then exit (0: every expectation met)
              --model       model in Register (default SIM-PHONE)
              --tone        send a 1 kHz tone instead of silence
              --no-register do not register at start""";

    public PhoneOptions {
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(model, "model");
    }

    /** Options with defaults for everything but the bridge and the device (tests). */
    public static PhoneOptions of(InetSocketAddress bridge, String deviceId) {
        return new PhoneOptions(bridge, deviceId, null, 0, new InetSocketAddress(0), 0, 1, null, "SIM-PHONE", false, true);
    }

    public PhoneOptions withSecret(String s) {
        return new PhoneOptions(bridge, deviceId, s, mediaPort, bind, lossPercent, seed, script, model, tone, autoRegister);
    }

    public PhoneOptions withLoss(double percent, long lossSeed) {
        return new PhoneOptions(bridge, deviceId, secret, mediaPort, bind, percent, lossSeed, script, model, tone, autoRegister);
    }

    public PhoneOptions withBind(InetSocketAddress address) {
        return new PhoneOptions(bridge, deviceId, secret, mediaPort, address, lossPercent, seed, script, model, tone, autoRegister);
    }

    public PhoneOptions withAutoRegister(boolean on) {
        return new PhoneOptions(bridge, deviceId, secret, mediaPort, bind, lossPercent, seed, script, model, tone, on);
    }

    /** Parses the command line; the message of the exception is meant for the user. */
    public static PhoneOptions parse(List<String> args) {
        InetSocketAddress bridge = null;
        String device = null;
        String secret = null;
        int mediaPort = 0;
        InetSocketAddress bind = new InetSocketAddress(0);
        double loss = 0;
        long seed = 1;
        Path script = null;
        String model = "SIM-PHONE";
        boolean tone = false;
        boolean autoRegister = true;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            switch (option) {
                case "--tone" -> tone = true;
                case "--no-register" -> autoRegister = false;
                case "--help", "-h" -> throw new IllegalArgumentException(USAGE);
                default -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
                    }
                    String value = args.get(++i);
                    switch (option) {
                        case "--bridge" -> bridge = hostPort(value, option);
                        case "--device" -> device = value;
                        case "--secret" -> secret = nonEmpty(value, option);
                        case "--media-port" -> mediaPort = port(value, option);
                        case "--bind" -> bind = hostPort(value, option);
                        case "--loss" -> loss = percent(value);
                        case "--seed" -> seed = number(value, option);
                        case "--script" -> script = Path.of(value);
                        case "--model" -> model = nonEmpty(value, option);
                        default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
                    }
                }
            }
        }
        if (bridge == null || device == null) {
            throw new IllegalArgumentException("--bridge and --device are required\n" + USAGE);
        }
        if (!device.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new IllegalArgumentException("--device: not a device id: " + device);
        }
        return new PhoneOptions(bridge, device, secret, mediaPort, bind, loss, seed, script, model, tone, autoRegister);
    }

    /** {@code HOST:PORT} or {@code [IPV6]:PORT}; the host is resolved once, here. */
    static InetSocketAddress hostPort(String text, String option) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(option + ": want HOST:PORT, got " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = Integer.parseInt(checkDigits(text.substring(colon + 1), option));
        if (port > 65535) {
            throw new IllegalArgumentException(option + ": port out of range: " + port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(option + ": unknown host " + host, e);
        }
    }

    private static int port(String text, String option) {
        int port = Integer.parseInt(checkDigits(text, option));
        if (port > 65535) {
            throw new IllegalArgumentException(option + ": port out of range: " + port);
        }
        return port;
    }

    private static double percent(String text) {
        try {
            double p = Double.parseDouble(text);
            if (p >= 0 && p <= 100) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--loss: want a percentage 0..100, got " + text);
    }

    private static long number(String text, String option) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: " + text, e);
        }
    }

    private static String checkDigits(String text, String option) {
        if (!text.matches("\\d{1,5}")) {
            throw new IllegalArgumentException(option + ": not a port: " + text);
        }
        return text;
    }

    private static String nonEmpty(String value, String option) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(option + " must not be empty");
        }
        return value;
    }
}
