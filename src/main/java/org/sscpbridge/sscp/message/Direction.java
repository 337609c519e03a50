package org.sscpbridge.sscp.message;

/** Who sends a message: the phone (to the bridge) or the bridge (to the phone). */
public enum Direction {
    PHONE,
    BRIDGE;

    public Direction opposite() {
        return this == PHONE ? BRIDGE : PHONE;
    }
}
