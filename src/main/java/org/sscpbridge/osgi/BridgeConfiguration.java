package org.sscpbridge.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Metatype description of PID {@code sscp.bridge} (shown by the Felix console and Config Admin
 * tools). Method names map to keys with '_' as '.'. The values are parsed and checked by
 * {@link org.sscpbridge.config.BridgeConfigParser}; the defaults are those of
 * {@link org.sscpbridge.config.Defaults#BRIDGE} (a test checks they agree, key by key).
 */
@ObjectClassDefinition(id = "sscp.bridge", name = "SSCP-to-SIP bridge",
        description = "SSCP phones on a SIP PBX: sockets, PBX addresses, timers, feature numbers")
@interface BridgeConfiguration {

    @AttributeDefinition(description = "Bridge on at start")
    boolean enabled() default true;

    @AttributeDefinition(name = "SSCP address", description = "Local address of the SSCP UDP socket")
    String sscp_address() default "0.0.0.0";

    @AttributeDefinition(name = "SSCP port", description = "SSCP UDP port phones send to", min = "0", max = "65535")
    int sscp_port() default 2000;

    @AttributeDefinition(name = "SIP address", description = "Local address of the bridge's SIP user agent")
    String sip_address() default "127.0.0.1";

    @AttributeDefinition(name = "SIP port", description = "Local SIP UDP port", min = "0", max = "65535")
    int sip_port() default 5070;

    @AttributeDefinition(name = "Registrar", description = "SIP URI REGISTERs are sent to")
    String sip_registrar() default "sip:127.0.0.1:5060";

    @AttributeDefinition(name = "Outbound proxy", description = "SIP URI for INVITE etc.; empty = the registrar",
            required = false)
    String sip_proxy() default "";

    @AttributeDefinition(name = "SIP domain", description = "Domain of the lines' AORs (sip:NUMBER@DOMAIN)")
    String sip_domain() default "127.0.0.1";

    @AttributeDefinition(name = "Register expires", description = "Seconds asked in REGISTER", min = "60")
    int register_expires() default 600;

    @AttributeDefinition(name = "Register retry base", description = "Seconds before the first retry of a failed "
            + "registration; doubles per failure (RFC 5626 backoff, 50-100 % jitter)", min = "1")
    int register_retry_base() default 30;

    @AttributeDefinition(name = "Register retry cap", description = "Longest wait between registration retries, s",
            min = "1")
    int register_retry_max() default 1800;

    @AttributeDefinition(name = "Register rate", description = "First REGISTERs sent per second at most (a site "
            + "of phones coming back at once)", min = "1")
    int register_rate() default 200;

    @AttributeDefinition(description = "Keepalive interval told to phones, seconds", min = "5")
    int keepalive() default 30;

    @AttributeDefinition(name = "Digit map", description = "When a dialled number is complete, e.g. xxxx|*xx|9x.#")
    String digitmap() default "xxxx|*xx|9x.#";

    @AttributeDefinition(name = "Inter-digit timeout", description = "Seconds", min = "1", max = "60")
    int interdigit_timeout() default 5;

    @AttributeDefinition(name = "DTMF as SIP INFO", description = "Digits keyed during a call are sent as SIP INFO "
            + "(application/dtmf-relay); off: the phone's RTP (RFC 4733) carries them")
    boolean dtmf_info() default true;

    @AttributeDefinition(description = "Accept devices that have no sscp.device configuration")
    boolean autoprovision() default false;

    @AttributeDefinition(name = "Data folder", description = "Embedded durable store (phone book, history, "
            + "forwards); relative: beside bin/ (BRIDGE_DATA_DIR overrides)")
    String data_dir() default "data";

    @AttributeDefinition(name = "Store URL", required = false, description = "JDBC URL of a store shared by several "
            + "bridges, e.g. jdbc:postgresql://db:5432/sscp; empty = the embedded store in the data folder")
    String store_url() default "";

    @AttributeDefinition(name = "Store user", required = false)
    String store_user() default "";

    @AttributeDefinition(name = "Store password", required = false, type = AttributeType.PASSWORD)
    String store_password() default "";

    @AttributeDefinition(name = "Store connections", description = "Connections to a shared store (store.url) "
            + "this bridge holds at most; the database's max_connections must exceed bridges x this", min = "1",
            max = "100")
    int store_pool() default 4;

    @AttributeDefinition(name = "Instance id", required = false, description = "This bridge's name among several "
            + "sharing one store (device claims); empty = its SIP address:port")
    String instance_id() default "";

    @AttributeDefinition(name = "Instance poll", description = "Seconds between looks whether phones registered "
            + "here moved to another bridge on the shared store (0: never; only with store.url)", min = "0", max = "300")
    int instance_poll() default 2;

    @AttributeDefinition(name = "History entries", description = "Call-history entries kept per device",
            min = "1", max = "10000")
    int history_max() default 100;

    @AttributeDefinition(name = "Voice mail number")
    String voicemail_number() default "*97";

    @AttributeDefinition(name = "Park number")
    String park_number() default "*70";

    @AttributeDefinition(name = "Pickup code")
    String pickup_code() default "*8";

    @AttributeDefinition(name = "Meet-me number")
    String meetme_number() default "*30";

    @AttributeDefinition(name = "Conference URI", required = false)
    String conference_uri() default "";

    @AttributeDefinition(name = "No-answer forward after", description = "Seconds a call rings before a "
            + "NoAnswer forward sends it on", min = "5", max = "300")
    int forward_noanswer_timeout() default 20;

    @AttributeDefinition(name = "MWI subscribe", description = "Each line SUBSCRIBEs to its mailbox "
            + "(message-summary, RFC 3842) and the phone's message waiting lamp follows it")
    boolean mwi_subscribe() default true;

    @AttributeDefinition(name = "MWI server", description = "SIP URI the message-summary SUBSCRIBEs are sent to; "
            + "empty = the registrar", required = false)
    String mwi_server() default "";

    @AttributeDefinition(name = "MWI unsolicited", description = "Accept message-summary NOTIFYs outside any "
            + "subscription for a registered line (off: 403)")
    boolean mwi_unsolicited() default true;

    @AttributeDefinition(name = "SSCP rate per source", description = "Datagrams per second one source may send")
    int sscp_rate_per_second() default 50;

    @AttributeDefinition(name = "SSCP burst per source", description = "Datagrams one source may send at once")
    int sscp_rate_burst() default 100;

    @AttributeDefinition(name = "SSCP rate per IP", description = "Datagrams per second from one IP (phones behind one NAT share it)")
    int sscp_rate_per_ip() default 200;

    @AttributeDefinition(name = "SSCP burst per IP", description = "Datagrams one IP may send at once")
    int sscp_rate_per_ip_burst() default 400;

    @AttributeDefinition(name = "SSCP peers tracked", description = "Phones whose seq numbering and answers are remembered; above the number of phones")
    int sscp_max_peers() default 20000;

    @AttributeDefinition(name = "SIP mode", description = "line: every phone line registers on its own; trunk: "
            + "the phones' lines sit behind the trunk.N registrations (docs/TRUNK.md)",
            options = {@Option(value = "line", label = "line"), @Option(value = "trunk", label = "trunk")})
    String sip_mode() default "line";

    @AttributeDefinition(name = "Trunk: local calls", description = "In trunk mode, a call from one line of this "
            + "bridge to another stays on the bridge instead of going out over the trunk")
    boolean trunk_local_calls() default true;

    @AttributeDefinition(name = "Trunk 1 registrar", required = false, description = "SIP URI of trunk 1's "
            + "registrar; empty = no trunk 1. Trunks 2, 3... take the same keys (trunk.2.registrar ...)")
    String trunk_1_registrar() default "";

    @AttributeDefinition(name = "Trunk 1 proxy", required = false, description = "SIP URI outgoing calls go "
            + "through; empty = the trunk's registrar")
    String trunk_1_proxy() default "";

    @AttributeDefinition(name = "Trunk 1 user", required = false, description = "Digest user of the trunk; empty = "
            + "IP authentication (no REGISTER)")
    String trunk_1_user() default "";

    @AttributeDefinition(name = "Trunk 1 password", required = false, type = AttributeType.PASSWORD)
    String trunk_1_password() default "";

    @AttributeDefinition(name = "Trunk 1 domain", required = false, description = "Domain of the trunk's "
            + "URIs; empty = the registrar's host")
    String trunk_1_domain() default "";

    @AttributeDefinition(name = "Trunk 1 caller id", description = "Headers that carry the line's number as "
            + "caller id: from, pai (P-Asserted-Identity), both or none")
    String trunk_1_caller_id() default "both";

    @AttributeDefinition(name = "Trunk 1 strip prefix", required = false, description = "Leading digits taken "
            + "off a dialled number before it goes out, e.g. 9")
    String trunk_1_prefix_strip() default "";

    @AttributeDefinition(name = "Trunk 1 add prefix", required = false, description = "Digits put before a "
            + "dialled number (after stripping), e.g. +49")
    String trunk_1_prefix_add() default "";
    @AttributeDefinition(name = "SIP requests per source", description = "Requests per second one SIP source "
            + "(IP:port) may send; ACK, CANCEL and BYE are not counted. Beyond it: 503 with Retry-After")
    int sip_rate_per_source() default 200;

    @AttributeDefinition(name = "SIP request burst per source", description = "Requests one SIP source may send at once")
    int sip_rate_per_source_burst() default 400;

    @AttributeDefinition(name = "SIP responses per source", description = "Responses per second one SIP source "
            + "may send; beyond it they are dropped")
    int sip_rate_responses_per_source() default 1000;

    @AttributeDefinition(name = "SIP response burst per source", description = "Responses one SIP source may send at once")
    int sip_rate_responses_per_source_burst() default 2000;

    @AttributeDefinition(name = "SIP sources tracked", description = "SIP sources whose rates are remembered "
            + "(the least recently seen is forgotten first)")
    int sip_max_sources() default 10000;

    @AttributeDefinition(name = "Trusted SIP sources", required = false, description = "IP networks (CIDR, "
            + "comma-separated) whose SIP datagrams no per-source rate holds, e.g. a PBX cluster or a load balancer; "
            + "the configured registrar, proxy and trunks (host and port) are always trusted")
    String sip_trusted_sources() default "";

    @AttributeDefinition(name = "SIP receive queue", description = "Received SIP datagrams that may wait for "
            + "the stack's threads; beyond it they are dropped")
    int sip_queue_max() default 2000;

    @AttributeDefinition(name = "SIP calls", description = "Calls alive at once on the SIP side; beyond it: "
            + "INVITE 503, a phone's call fails with 503")
    int sip_calls_max() default 2000;
    @AttributeDefinition(name = "Phone event queue", description = "Events one phone may have waiting (8..100000); beyond it the phone's datagram is dropped unseen, counted (queue-full) and its retransmission taken later")
    int sscp_phone_queue_max() default 256;

    @AttributeDefinition(name = "SIP dialog event queue", description = "Events one SIP dialog may have waiting (8..100000); beyond it in-dialog requests get 503")
    int sip_dialog_queue_max() default 64;

    @AttributeDefinition(name = "Autoprovisioned phones", description = "Most phones registered without a device configuration when autoprovision is on (1..1000000); more get RegisterReject 503")
    int autoprovision_max() default 1000;

    @AttributeDefinition(name = "Store queue", description = "Store requests waiting for the store's I/O thread (16..1000000); beyond it the feature answers Error 503 store busy")
    int store_queue_max() default 1000;
}
