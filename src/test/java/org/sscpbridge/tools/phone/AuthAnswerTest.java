package org.sscpbridge.tools.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AuthAnswerTest {

    @Test
    void isTheLowercaseHexHmacSha256OfNonceThenDeviceId() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?", split into nonce + device id.
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                AuthAnswer.compute("Jefe", "what do ya want ", "for nothing?"));
    }

    @Test
    void dependsOnEveryInput() {
        String a = AuthAnswer.compute("secret", "nonce1", "SEP00AABBCCDDEE");
        assertEquals(64, a.length());
        assertEquals(a.toLowerCase(), a);
        assertEquals(false, a.equals(AuthAnswer.compute("secret", "nonce2", "SEP00AABBCCDDEE")));
        assertEquals(false, a.equals(AuthAnswer.compute("secret", "nonce1", "SEP00AABBCCDDEF")));
        assertEquals(false, a.equals(AuthAnswer.compute("Secret", "nonce1", "SEP00AABBCCDDEE")));
    }
}
