package org.sscpbridge.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Kamailio registrar/proxy on 127.0.0.1 for integration tests: its own config, a db_text
 * subscriber table (digest auth), a control socket for {@code kamcmd}. Started per test class,
 * stopped in close().
 */
public final class KamailioServer implements AutoCloseable {
    public static final String DOMAIN = "127.0.0.1";
    /** Kamailio's {@code debug} level that logs every REGISTER (what the tests read). */
    public static final int LOG_INFO = 2;
    /**
     * Warnings and notices only: for load runs, where a log line per REGISTER would cost Kamailio
     * time and fill {@link #log()} (which keeps every line) with megabytes.
     */
    public static final int LOG_NOTICE = 1;

    private final Path dir;
    private final int port;
    private final Tuning tuning;
    private Process process;
    private ProcessLog log;

    private KamailioServer(Path dir, int port, Tuning tuning) {
        this.dir = dir;
        this.port = port;
        this.tuning = tuning;
    }

    /**
     * How the registrar is built. The tests use {@link #DEFAULT}: db_text, 2 children. db_text looks a
     * subscriber up by scanning its whole table, so with thousands of subscribers Kamailio, not the
     * client, bounds a registration storm; load runs take {@link #LOAD}: db_sqlite with a unique index on
     * (username, domain) (Debian package kamailio-sqlite-modules and the sqlite3 tool, both from
     * bin/install-test-peers), more UDP children and a larger shared memory for the transactions.
     *
     * @param sqliteAuth subscribers in an indexed SQLite table instead of db_text
     * @param children Kamailio UDP worker processes
     * @param sharedMemoryMb Kamailio's shared memory (-m); 0 = its default (64)
     * @param statefulRegister REGISTER in a transaction (t_newtran): a retransmitted REGISTER gets the
     *     first answer again, as from a PBX, instead of being checked again, where the digest's nonce
     *     count (nc) has been used and it gets a fresh 401 (a replay to Kamailio, a retry to the client)
     */
    public record Tuning(boolean sqliteAuth, int children, int sharedMemoryMb, boolean statefulRegister) {}

    public static final Tuning DEFAULT = new Tuning(false, 2, 0, false);
    public static final Tuning LOAD = new Tuning(true, 4, 1024, true);

    /** Starts Kamailio with {@code subscribers} (user → password) on a free loopback port. */
    public static KamailioServer start(Path workDir, Map<String, String> subscribers)
            throws IOException, InterruptedException {
        return start(workDir, subscribers, LOG_INFO);
    }

    /** As {@link #start(Path, Map)}, with Kamailio's {@code debug} level (see {@link #LOG_NOTICE}). */
    public static KamailioServer start(Path workDir, Map<String, String> subscribers, int logLevel)
            throws IOException, InterruptedException {
        return start(workDir, subscribers, logLevel, DEFAULT);
    }

    /** As {@link #start(Path, Map, int)}, built as {@code tuning} says. */
    public static KamailioServer start(Path workDir, Map<String, String> subscribers, int logLevel, Tuning tuning)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve("kamailio"));
        Path db = Files.createDirectories(dir.resolve("db"));
        if (tuning.sqliteAuth()) {
            SqliteSubscribers.write(db.resolve("kamailio.sqlite"), subscribers, DOMAIN);
        } else {
            writeDb(db, subscribers);
        }
        int port = FreePorts.udp();
        Path cfg = dir.resolve("kamailio.cfg");
        Files.writeString(cfg, config(port, dir, db, logLevel, tuning), StandardCharsets.UTF_8);
        KamailioServer k = new KamailioServer(dir, port, tuning);
        k.launch();
        return k;
    }

    private void launch() throws IOException, InterruptedException {
        Path cfg = dir.resolve("kamailio.cfg");
        List<String> command = new ArrayList<>(List.of("kamailio", "-f", cfg.toString(), "-DD", "-E", "-Y",
                dir.toString(), "-P", dir.resolve("kamailio.pid").toString()));
        if (tuning.sharedMemoryMb() > 0) {
            command.addAll(List.of("-m", String.valueOf(tuning.sharedMemoryMb())));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .start();
        log = new ProcessLog("kamailio", process.getInputStream());
        awaitReady();
    }

    /** Stops Kamailio (its location table is lost: db_mode 0) and starts it again on the same port. */
    public void restart(java.time.Duration down) throws IOException, InterruptedException {
        stopProcess();
        Thread.sleep(down.toMillis());
        launch();
    }

    /** Whether Kamailio's location table holds a contact for {@code user} (via kamcmd ul.dump). */
    public boolean hasBinding(String user) throws IOException, InterruptedException {
        CommandResult r = kamcmd("ul.dump");
        return java.util.regex.Pattern.compile("AoR: " + java.util.regex.Pattern.quote(user) + "(@|\\s)")
                .matcher(r.output()).find();
    }

    /** The contact URIs Kamailio's location table holds for {@code user} now (read from {@code ul.dump}). */
    public List<String> contacts(String user) throws IOException, InterruptedException {
        CommandResult r = kamcmd("ul.dump");
        if (r.exitCode() != 0) {
            throw new IOException("kamcmd ul.dump failed: " + r.output());
        }
        List<String> found = new ArrayList<>();
        boolean inAor = false;
        for (String line : r.output().split("\n")) {
            String t = line.strip();
            if (t.startsWith("AoR: ")) {
                String aor = t.substring(5);
                inAor = aor.equals(user) || aor.startsWith(user + "@");
            } else if (inAor && t.startsWith("Address: ")) {
                found.add(t.substring(9));
            }
        }
        return found;
    }

    /** Puts {@code user} at {@code contact} into the location table, as a REGISTER would (for SIPp far ends). */
    public void addBinding(String user, String contact) throws IOException, InterruptedException {
        // kamcmd turns bare numbers into integers: the AOR and the "no path" value "0" must stay strings.
        CommandResult r = kamcmd("ul.add", "location", "s:" + user, contact, "3600", "1.0", "s:0", "0", "0", "0");
        if (r.exitCode() != 0 || !hasBinding(user)) {
            throw new AssertionError("kamcmd ul.add failed: " + r.output());
        }
    }

    /** Removes every contact of {@code user} from the location table (nothing to remove is fine). */
    public void removeBinding(String user) throws IOException, InterruptedException {
        kamcmd("ul.rm", "location", "s:" + user);
        if (hasBinding(user)) {
            throw new AssertionError("kamcmd ul.rm left a binding for " + user);
        }
    }

    /**
     * Points {@code user} at {@code contact} only: earlier contacts (e.g. of a SIPp of an earlier
     * test) are removed first, so Kamailio does not fork the call to a process that is gone.
     */
    public void replaceBinding(String user, String contact) throws IOException, InterruptedException {
        removeBinding(user);
        addBinding(user, contact);
    }

    /** The users (AoR user parts) that hold at least one contact now, read from {@code ul.dump}. */
    public java.util.Set<String> boundUsers() throws IOException, InterruptedException {
        CommandResult r = kamcmd("ul.dump");
        if (r.exitCode() != 0) {
            throw new IOException("kamcmd ul.dump failed: " + r.output());
        }
        java.util.Set<String> users = new java.util.TreeSet<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("AoR: ([^@\\s]+)").matcher(r.output());
        while (m.find()) {
            users.add(m.group(1));
        }
        return users;
    }

    /** How many contacts Kamailio's location table holds now (usrloc statistics, cheap at any size). */
    public int contactCount() throws IOException, InterruptedException {
        CommandResult r = kamcmd("stats.get_statistics", "usrloc:");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("location_contacts = (\\d+)").matcher(r.output());
        if (r.exitCode() != 0 || !m.find()) {
            throw new IOException("kamcmd stats.get_statistics failed: " + r.output());
        }
        return Integer.parseInt(m.group(1));
    }

    /** How many REGISTER requests for {@code user} Kamailio has received since it (re)started. */
    public long registerCount(String user) {
        return log.lines().stream().filter(l -> l.contains("REGISTER sip:" + user + "@")).count();
    }

    /**
     * When each REGISTER for {@code user} arrived since Kamailio (re)started, in epoch seconds
     * (Kamailio's own clock, microsecond resolution), in order of arrival.
     */
    public List<Double> registerTimes(String user) {
        java.util.regex.Pattern at = java.util.regex.Pattern.compile(" at (\\d+\\.\\d+)");
        List<Double> times = new ArrayList<>();
        for (String l : log.lines()) {
            if (l.contains("REGISTER sip:" + user + "@")) {
                java.util.regex.Matcher m = at.matcher(l);
                if (m.find()) {
                    times.add(Double.parseDouble(m.group(1)));
                }
            }
        }
        return times;
    }

    /**
     * The Call-IDs of the initial INVITEs from {@code fromUser} since Kamailio (re)started, each
     * once (a challenged INVITE and its authenticated repeat share one), in order of arrival.
     */
    public java.util.Set<String> inviteCallIds(String fromUser) {
        return callIds("INVITE \\S+ from " + java.util.regex.Pattern.quote(fromUser) + " call-id (\\S+)");
    }

    /** The Call-IDs of the BYEs (in-dialog, through Kamailio's Record-Route) since Kamailio (re)started. */
    public java.util.Set<String> byeCallIds() {
        return callIds("BYE from \\S* call-id (\\S+)");
    }

    /** The Call-IDs of the CANCELs since Kamailio (re)started. */
    public java.util.Set<String> cancelCallIds() {
        return callIds("CANCEL from \\S* call-id (\\S+)");
    }

    /** The Call-IDs of the INVITEs that got a final answer of 300 or more through Kamailio since it (re)started. */
    public java.util.Set<String> refusedInviteCallIds() {
        return callIds("INVITE answered [3-6]\\d\\d call-id (\\S+)");
    }

    /** Group 1 of {@code regex} in every log line that has it, each once, in order of arrival. */
    private java.util.Set<String> callIds(String regex) {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile(regex);
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String l : log.lines()) {
            java.util.regex.Matcher m = p.matcher(l);
            if (m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }

    /**
     * Each bound user's contacts as Kamailio holds them: "Call-ID CSeq" per contact, from
     * {@code ul.dump}. A binding that was refreshed or registered anew differs; an untouched one does not.
     */
    public java.util.Map<String, List<String>> bindings() throws IOException, InterruptedException {
        CommandResult r = kamcmd("ul.dump");
        if (r.exitCode() != 0) {
            throw new IOException("kamcmd ul.dump failed: " + r.output());
        }
        java.util.Map<String, List<String>> all = new java.util.TreeMap<>();
        String user = null;
        String callId = null;
        for (String raw : r.output().split("\n")) {
            String l = raw.trim();
            if (l.startsWith("AoR: ")) {
                user = l.substring(5).split("@")[0].trim();
            } else if (l.startsWith("Call-ID: ")) {
                callId = l.substring(9).trim();
            } else if (l.startsWith("CSeq: ") && user != null) {
                all.computeIfAbsent(user, u -> new ArrayList<>()).add(callId + " " + l.substring(6).trim());
            }
        }
        return all;
    }

    /** How many initial INVITEs (challenged or not, retransmissions included) from {@code fromUser} Kamailio logged. */
    public long inviteCount(String fromUser) {
        return log.lines().stream().filter(l -> l.contains("INVITE ") && l.contains(" from " + fromUser + " call-id "))
                .count();
    }

    private static void writeDb(Path db, Map<String, String> subscribers) throws IOException {
        Files.writeString(db.resolve("version"),
                "table_name(str) table_version(int)\nsubscriber:7\nlocation:9\n", StandardCharsets.UTF_8);
        StringBuilder sub = new StringBuilder(
                "id(int,auto) username(string) domain(string) password(string) ha1(string,null) ha1b(string,null)\n");
        int id = 1;
        for (var e : subscribers.entrySet()) {
            sub.append(id++).append(':').append(e.getKey()).append(':').append(DOMAIN).append(':')
                    .append(e.getValue()).append("::\n");
        }
        Files.writeString(db.resolve("subscriber"), sub.toString(), StandardCharsets.UTF_8);
    }

    private static String config(int port, Path dir, Path db, int logLevel, Tuning tuning) {
        String dbModule = tuning.sqliteAuth() ? "db_sqlite.so" : "db_text.so";
        String dbUrl = tuning.sqliteAuth() ? "sqlite://" + db.resolve("kamailio.sqlite") : "text://" + db;
        String registerTransaction = tuning.statefulRegister()
                ? "if (!t_newtran()) {\n            sl_reply_error();\n            exit;\n        }\n" : "";
        // A finished REGISTER transaction is kept 5 s (tm's wait timer) to absorb retransmissions: at
        // thousands per second that is tens of thousands of transactions of ~10 KiB, more than the
        // default shared memory. With 1 s a retransmission that waited longer in a queue is checked again and
        // gets a 401; clients answer it (the bridge's second auth round, the SIPp scenario's loop).
        String tmTuning = tuning.statefulRegister() ? "modparam(\"tm\", \"wt_timer\", 1000)\n" : "";
        return """
                #!KAMAILIO
                debug=%4$d
                log_stderror=yes
                children=%5$d
                # Ask the kernel for UDP receive buffers up to 4 MiB (capped by net.core.rmem_max): a
                # registration storm must queue, not be dropped and retransmitted.
                maxbuffer=4194304
                disable_tcp=yes
                auto_aliases=no
                listen=udp:127.0.0.1:%1$d
                alias="127.0.0.1:%1$d"
                mpath="/usr/lib/x86_64-linux-gnu/kamailio/modules/"
                loadmodule "kex.so"
                loadmodule "ctl.so"
                loadmodule "tm.so"
                loadmodule "sl.so"
                loadmodule "rr.so"
                loadmodule "pv.so"
                loadmodule "maxfwd.so"
                loadmodule "textops.so"
                loadmodule "siputils.so"
                loadmodule "xlog.so"
                loadmodule "sanity.so"
                loadmodule "usrloc.so"
                loadmodule "registrar.so"
                loadmodule "%6$s"
                loadmodule "auth.so"
                loadmodule "auth_db.so"
                modparam("ctl", "binrpc", "unix:%2$s/kamailio_ctl")
                modparam("usrloc", "db_mode", 0)
                modparam("auth_db", "db_url", "%3$s")
                modparam("auth_db", "calculate_ha1", 1)
                modparam("auth_db", "password_column", "password")
                modparam("auth_db", "load_credentials", "")
                modparam("auth", "qop", "auth")
                modparam("auth", "nonce_count", 1)
                modparam("rr", "enable_full_lr", 1)
                %8$s                # Tests use short expiries; anything from 1 s up is granted as asked.
                modparam("registrar", "min_expires", 1)
                modparam("registrar", "default_expires", 60)

                request_route {
                    if (!mf_process_maxfwd_header("10")) {
                        sl_send_reply("483", "Too Many Hops");
                        exit;
                    }
                    if (!sanity_check("17895", "7")) {
                        xlog("L_WARN", "malformed request from $si:$sp\\n");
                        exit;
                    }
                    if (is_method("OPTIONS") && uri == myself && $rU == $null) {
                        sl_send_reply("200", "OK");
                        exit;
                    }
                    if (has_totag()) {
                        if (is_method("BYE")) {
                            xlog("L_INFO", "BYE from $fU call-id $ci\n");
                        }
                        if (loose_route() || is_method("ACK|BYE|CANCEL|INFO|UPDATE|NOTIFY")) {
                            t_relay();
                        } else {
                            sl_send_reply("404", "Not here");
                        }
                        exit;
                    }
                    if (is_method("CANCEL")) {
                        xlog("L_INFO", "CANCEL from $fU call-id $ci\n");
                        if (t_check_trans()) {
                            t_relay();
                        }
                        exit;
                    }
                    if (is_method("REGISTER")) {
                        xlog("L_INFO", "REGISTER $tu from $si:$sp expires $hdr(Expires) auth $(hdr(Authorization){s.len}) at $TV(Sn)\n");
                        %7$s                        if (!auth_check("$fd", "subscriber", "1")) {
                            auth_challenge("$fd", "1");
                            exit;
                        }
                        if (!save("location")) {
                            sl_reply_error();
                        }
                        exit;
                    }
                    if (is_method("INVITE")) {
                        xlog("L_INFO", "INVITE $ru from $fU call-id $ci auth $(hdr(Proxy-Authorization){s.len})\n");
                    }
                    # Like a PBX: calls from its own subscribers must authenticate (407); callers it
                    # does not know (SIPp test callers) are let through as from another domain.
                    if (is_method("INVITE") && is_subscriber("$fu", "subscriber", "3")) {
                        if (!proxy_authorize("$fd", "subscriber")) {
                            proxy_challenge("$fd", "1");
                            exit;
                        }
                        consume_credentials();
                    }
                    record_route();
                    if (!lookup("location")) {
                        sl_send_reply("404", "Not Found");
                        exit;
                    }
                    t_relay();
                }

                # Final refusals of INVITEs, for tests that check how a call ended (CANCEL, or the callee's refusal).
                onreply_route {
                    if (is_method("INVITE") && $rs >= 300) {
                        xlog("L_INFO", "INVITE answered $rs call-id $ci\n");
                    }
                }
                """.formatted(port, dir, dbUrl, logLevel, tuning.children(), dbModule, registerTransaction, tmTuning);
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("kamailio exited with " + process.exitValue() + ":\n"
                        + String.join("\n", log.lines()));
            }
            if (kamcmd("core.uptime").exitCode == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("kamailio did not come up:\n" + String.join("\n", log.lines()));
    }

    /** What a kamcmd call printed, and its exit code. */
    public record CommandResult(int exitCode, String output) {}

    /** Runs {@code kamcmd} against this instance's control socket, e.g. {@code ul.dump}. */
    public CommandResult kamcmd(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("kamcmd", "-s", "unix:" + dir.resolve("kamailio_ctl")));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new CommandResult(-1, out);
        }
        return new CommandResult(p.exitValue(), out);
    }

    public int port() {
        return port;
    }

    /** The registrar URI to configure the bridge with. */
    public String uri() {
        return "sip:127.0.0.1:" + port;
    }

    public ProcessLog log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        stopProcess();
    }

    private void stopProcess() throws InterruptedException {
        stop(process);
    }

    /** Stops a Kamailio process and every child it left (this one or a dispatcher in front). */
    /** The main process's id (its children are the UDP workers), 0 when not running. */
    public long pid() {
        Process p = process;
        return p != null && p.isAlive() ? p.pid() : 0;
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        // With -DD Kamailio's children are in the same process group and end with the main process;
        // any that do not are removed here so no test leaves a Kamailio behind.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
