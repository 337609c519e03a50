package org.sscpbridge.tools.phone.command;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One condition of an {@code expect}: {@code key op value}, e.g. {@code state=Connected},
 * {@code text~=1002}, {@code received>=50}. Equality and "contains" ignore case (enumerated values
 * are case-insensitive on the wire, SPEC §1); the ordering operators compare numbers.
 */
public record FieldCondition(String key, Operator operator, String value) {
    private static final Pattern SYNTAX = Pattern.compile("([A-Za-z][A-Za-z0-9_.]*)(~=|!=|>=|<=|=|>|<)(.*)", Pattern.DOTALL);

    /** The comparison of a condition. */
    public enum Operator {
        EQUALS("="), NOT_EQUALS("!="), CONTAINS("~="), AT_LEAST(">="), AT_MOST("<="), ABOVE(">"), BELOW("<");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean isNumeric() {
            return this == AT_LEAST || this == AT_MOST || this == ABOVE || this == BELOW;
        }

        static Operator bySymbol(String symbol) {
            for (Operator o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    public FieldCondition {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(value, "value");
    }

    /** Parses {@code key op value}; the value may be empty (e.g. {@code text=} for a cleared display). */
    public static FieldCondition parse(String token) throws CommandSyntaxException {
        Matcher m = SYNTAX.matcher(token);
        if (!m.matches()) {
            throw new CommandSyntaxException("not a condition: '" + token + "' (want key=value, key~=part, key>=number, ...)");
        }
        Operator op = Operator.bySymbol(m.group(2));
        if (op.isNumeric() && parseNumber(m.group(3)) == null) {
            throw new CommandSyntaxException("'" + token + "': " + op.symbol() + " needs a number");
        }
        return new FieldCondition(m.group(1), op, m.group(3));
    }

    /**
     * Whether the field's values satisfy this condition: some value does, except for
     * {@code !=}, which holds when no value equals (also when the field is absent).
     */
    public boolean holdsFor(List<String> values) {
        if (operator == Operator.NOT_EQUALS) {
            return values.stream().noneMatch(v -> v.equalsIgnoreCase(value));
        }
        return values.stream().anyMatch(this::holdsFor);
    }

    private boolean holdsFor(String actual) {
        return switch (operator) {
            case EQUALS -> actual.equalsIgnoreCase(value);
            case NOT_EQUALS -> !actual.equalsIgnoreCase(value);
            case CONTAINS -> actual.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
            case AT_LEAST, AT_MOST, ABOVE, BELOW -> compare(actual);
        };
    }

    private boolean compare(String actual) {
        Double a = parseNumber(actual);
        Double b = parseNumber(value);
        if (a == null || b == null) {
            return false;
        }
        int c = Double.compare(a, b);
        return switch (operator) {
            case AT_LEAST -> c >= 0;
            case AT_MOST -> c <= 0;
            case ABOVE -> c > 0;
            case BELOW -> c < 0;
            default -> throw new IllegalStateException(operator.name());
        };
    }

    private static Double parseNumber(String text) {
        try {
            return Double.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return key + operator.symbol() + value;
    }
}
