package org.sscpbridge.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype description of factory PID {@code sscp.device} (one configuration per phone, file
 * {@code sscp.device-NAME.cfg}). Method names map to keys with '_' as '.'. Metatype cannot
 * describe numbered keys generically: line 1 and speed dial 1 are described, and
 * {@code line2.*} … {@code line8.*} and {@code speeddial2} … {@code speeddial99} follow the same
 * pattern. The values are parsed and checked by {@link org.sscpbridge.config.DeviceConfigParser};
 * the defaults are those of {@link org.sscpbridge.config.Defaults#DEVICE} (a test checks they agree).
 */
@ObjectClassDefinition(id = "sscp.device", name = "SSCP phone",
        description = "One AddPac SSCP phone: its device id, lines (line1.* .. line8.*), speed dials "
                + "(speeddial1 .. speeddial99), Register secret, allowed networks, display charset and width")
@interface DeviceConfiguration {

    @AttributeDefinition(name = "Device id", description = "As the phone sends it in Register, e.g. SEP00AABBCCDDEE")
    String device_id();

    @AttributeDefinition(name = "Line 1 number", required = false, description = "Number shown on line 1 and its "
            + "SIP AOR user (sip:NUMBER@sip.domain); line2.number .. line8.number likewise, numbered without gaps")
    String line1_number();

    @AttributeDefinition(name = "Line 1 SIP user", required = false,
            description = "Digest user of line 1; empty = the number. lineN.user likewise")
    String line1_user();

    @AttributeDefinition(name = "Line 1 password", required = false, type = AttributeType.PASSWORD,
            description = "Digest password of line 1. lineN.password likewise")
    String line1_password();

    @AttributeDefinition(name = "Line 1 name", required = false,
            description = "Display name of line 1 (SIP From display name, line label). lineN.name likewise")
    String line1_name();

    @AttributeDefinition(name = "Speed dial 1", required = false,
            description = "NUMBER LABEL, e.g. '1002 Reception'; speeddial2 .. speeddial99 likewise")
    String speeddial1();

    @AttributeDefinition(name = "Secret", required = false, type = AttributeType.PASSWORD,
            description = "Device secret for the Register challenge (SPEC 4); empty = no challenge")
    String secret() default "";

    @AttributeDefinition(name = "Allowed networks", required = false,
            description = "CIDR list the phone may register from, e.g. 192.0.2.0/24; empty = anywhere")
    String allowed_networks() default "";

    @AttributeDefinition(name = "Display charset", description = "Charset of every datagram to this phone (its XML "
            + "declaration names it), e.g. UTF-8, EUC-KR, ISO-8859-1: a Java charset name that writes ASCII as "
            + "ASCII. Characters it cannot encode are sent as '?'")
    String display_charset() default "UTF-8";

    @AttributeDefinition(name = "Display width", min = "0", max = "255", description = "Characters per display line: "
            + "Display text and the caller's name are cut to it (whole characters); 0 = no limit, else 8..255")
    int display_width() default 0;
}
