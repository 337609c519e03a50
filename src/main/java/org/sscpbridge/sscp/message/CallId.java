package org.sscpbridge.sscp.message;

/**
 * A call identifier: exactly 8 decimal digits, assigned by the bridge (SPEC §4), e.g.
 * {@code 01002007}. Kept as text because leading zeros are significant.
 */
public record CallId(String value) {
    public static final int LENGTH = 8;

    public CallId {
        if (!isValid(value)) {
            throw new IllegalArgumentException("call identifier must be 8 decimal digits: " + Checks.quote(value));
        }
    }

    public static boolean isValid(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
