package org.sscpbridge.sscp.codec;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.sscpbridge.sscp.message.CallId;
import org.sscpbridge.sscp.message.MediaAddress;
import org.sscpbridge.sscp.message.WireEnum;

/**
 * Typed reading of attributes and children, failing with a reason that names the element and
 * attribute ("bad attribute Media@port: ..."). Two kinds of values:
 * <ul>
 *   <li>tokens (numbers, enumerated values, ids, addresses): surrounding ASCII whitespace is
 *       ignored, since the seed dialect's unquoted values sit between spaces and tags;</li>
 *   <li>text (names, labels, display text): kept exactly as sent.</li>
 * </ul>
 */
final class Fields {
    /** Longest number text looked at (leading zeros included); anything longer is refused. */
    private static final int MAX_NUMBER_CHARS = 20;
    private static final ClassValue<Object[]> ENUM_VALUES = new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
            return type.getEnumConstants();
        }
    };

    private Fields() {
    }

    static XmlElement requiredChild(XmlElement parent, String name) {
        XmlElement child = parent.child(name);
        if (child == null) {
            throw new MessageFormatException("missing element " + name);
        }
        return child;
    }

    /** Free text as sent, or null if absent. */
    static String text(XmlElement e, String attribute) {
        return e.attribute(attribute);
    }

    static String requiredText(XmlElement e, String attribute) {
        String value = e.attribute(attribute);
        if (value == null) {
            throw missing(e, attribute);
        }
        return value;
    }

    /** A token without surrounding whitespace, or null if absent. */
    static String token(XmlElement e, String attribute) {
        String value = e.attribute(attribute);
        return value == null ? null : trim(value);
    }

    static String requiredToken(XmlElement e, String attribute) {
        String value = token(e, attribute);
        if (value == null) {
            throw missing(e, attribute);
        }
        if (value.isEmpty()) {
            throw bad(e, attribute, value, "is empty");
        }
        return value;
    }

    static int requiredInt(XmlElement e, String attribute, int min, int max) {
        String value = token(e, attribute);
        if (value == null) {
            throw missing(e, attribute);
        }
        return parseInt(e, attribute, value, min, max);
    }

    static Integer optionalInt(XmlElement e, String attribute, int min, int max) {
        String value = token(e, attribute);
        return value == null ? null : parseInt(e, attribute, value, min, max);
    }

    static int intOr(XmlElement e, String attribute, int min, int max, int defaultValue) {
        Integer value = optionalInt(e, attribute, min, max);
        return value == null ? defaultValue : value;
    }

    /** A decimal number in {@code min..max}: digits only, no sign. */
    static long parseDecimal(String value, long min, long max) {
        int n = value.length();
        if (n == 0 || n > MAX_NUMBER_CHARS) {
            return -1;
        }
        long result = 0;
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            result = result * 10 + (c - '0');
            if (result > max) {
                return -1;
            }
        }
        return result < min ? -1 : result;
    }

    private static int parseInt(XmlElement e, String attribute, String value, int min, int max) {
        long parsed = parseDecimal(value, min, max);
        if (parsed < 0) {
            throw bad(e, attribute, value, "is not a decimal number in " + min + ".." + max);
        }
        return (int) parsed;
    }

    static <E extends Enum<E> & WireEnum> E requiredEnum(XmlElement e, String attribute, Class<E> type) {
        String value = token(e, attribute);
        if (value == null) {
            throw missing(e, attribute);
        }
        return parseEnum(e, attribute, value, type);
    }

    static <E extends Enum<E> & WireEnum> E optionalEnum(XmlElement e, String attribute, Class<E> type) {
        String value = token(e, attribute);
        return value == null ? null : parseEnum(e, attribute, value, type);
    }

    static <E extends Enum<E> & WireEnum> E enumOr(XmlElement e, String attribute, Class<E> type, E defaultValue) {
        E value = optionalEnum(e, attribute, type);
        return value == null ? defaultValue : value;
    }

    static <E extends Enum<E> & WireEnum> E parseEnum(XmlElement e, String attribute, String value, Class<E> type) {
        @SuppressWarnings("unchecked")
        E[] values = (E[]) ENUM_VALUES.get(type);
        return WireEnum.find(values, value).orElseThrow(() -> bad(e, attribute, value, "is not one of "
                + Arrays.stream(values).map(WireEnum::wireName).collect(Collectors.joining(", "))));
    }

    static boolean requiredBoolean(XmlElement e, String attribute) {
        String value = token(e, attribute);
        if (value == null) {
            throw missing(e, attribute);
        }
        if (WireEnum.asciiEqualsIgnoreCase(value, "true")) {
            return true;
        }
        if (WireEnum.asciiEqualsIgnoreCase(value, "false")) {
            return false;
        }
        throw bad(e, attribute, value, "is not true or false");
    }

    static CallId requiredCallId(XmlElement e, String attribute) {
        String value = requiredToken(e, attribute);
        if (!CallId.isValid(value)) {
            throw bad(e, attribute, value, "is not 8 decimal digits");
        }
        return new CallId(value);
    }

    /** {@code <X id="01002007"/>} child: its call id, or null if the child is absent. */
    static CallId optionalCallIdChild(XmlElement parent, String child) {
        XmlElement e = parent.child(child);
        return e == null ? null : requiredCallId(e, "id");
    }

    static Instant requiredInstant(XmlElement e, String attribute) {
        String value = token(e, attribute);
        if (value == null) {
            throw missing(e, attribute);
        }
        return parseInstant(e, attribute, value);
    }

    static Instant optionalInstant(XmlElement e, String attribute) {
        String value = token(e, attribute);
        return value == null ? null : parseInstant(e, attribute, value);
    }

    private static Instant parseInstant(XmlElement e, String attribute, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException ex) {
            throw bad(e, attribute, value, "is not an ISO-8601 UTC time");
        }
    }

    /** {@code ip} and {@code port} attributes of {@code e}. */
    static MediaAddress mediaAddress(XmlElement e) {
        String ip = requiredToken(e, "ip");
        int port = requiredInt(e, "port", 1, 65535);
        return construct(e, () -> new MediaAddress(ip, port));
    }

    /**
     * Builds a record from values read off {@code e}; a value the record refuses (its compact
     * constructor checks the spec's ranges) becomes a format error naming {@code e}.
     */
    static <T> T construct(XmlElement e, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException ex) {
            throw new MessageFormatException("bad element " + e.name() + ": " + ex.getMessage());
        }
    }

    static MessageFormatException missing(XmlElement e, String attribute) {
        return new MessageFormatException("missing attribute " + e.name() + "@" + attribute);
    }

    static MessageFormatException bad(XmlElement e, String attribute, String value, String problem) {
        return new MessageFormatException("bad attribute " + e.name() + "@" + attribute + ": "
                + Reasons.quote(value) + " " + problem);
    }

    /** {@code value} without leading and trailing ASCII whitespace (space, tab, CR, LF). */
    static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(value.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == value.length() ? value : value.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
