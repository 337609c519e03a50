package org.sscpbridge.tools.phone.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FieldConditionTest {

    @Test
    void parsesEveryOperator() throws Exception {
        assertEquals(FieldCondition.Operator.EQUALS, FieldCondition.parse("a=b").operator());
        assertEquals(FieldCondition.Operator.NOT_EQUALS, FieldCondition.parse("a!=b").operator());
        assertEquals(FieldCondition.Operator.CONTAINS, FieldCondition.parse("a~=b").operator());
        assertEquals(FieldCondition.Operator.AT_LEAST, FieldCondition.parse("a>=1").operator());
        assertEquals(FieldCondition.Operator.AT_MOST, FieldCondition.parse("a<=1").operator());
        assertEquals(FieldCondition.Operator.ABOVE, FieldCondition.parse("a>1").operator());
        assertEquals(FieldCondition.Operator.BELOW, FieldCondition.parse("a<1").operator());
        assertEquals(new FieldCondition("text", FieldCondition.Operator.EQUALS, ""), FieldCondition.parse("text="));
        assertEquals(new FieldCondition("Call.id", FieldCondition.Operator.EQUALS, "x=y"), FieldCondition.parse("Call.id=x=y"));
    }

    @Test
    void equalityAndContainsIgnoreCase() throws Exception {
        assertTrue(FieldCondition.parse("state=connected").holdsFor(List.of("Connected")));
        assertTrue(FieldCondition.parse("text~=FROM").holdsFor(List.of("Call from 1002")));
        assertFalse(FieldCondition.parse("state=Connected").holdsFor(List.of("Hold")));
        assertFalse(FieldCondition.parse("state=Connected").holdsFor(List.of()));
    }

    @Test
    void anyValueOfARepeatedFieldMaySatisfy() throws Exception {
        assertTrue(FieldCondition.parse("number=1002").holdsFor(List.of("1001", "1002")));
    }

    @Test
    void notEqualsHoldsWhenNoValueEquals() throws Exception {
        assertTrue(FieldCondition.parse("state!=Idle").holdsFor(List.of("Connected")));
        assertTrue(FieldCondition.parse("state!=Idle").holdsFor(List.of()));
        assertFalse(FieldCondition.parse("state!=Idle").holdsFor(List.of("Busy", "IDLE")));
    }

    @Test
    void orderingComparesNumbers() throws Exception {
        assertTrue(FieldCondition.parse("received>=50").holdsFor(List.of("50")));
        assertFalse(FieldCondition.parse("received>50").holdsFor(List.of("50")));
        assertTrue(FieldCondition.parse("n<10").holdsFor(List.of("9")));
        assertTrue(FieldCondition.parse("n<=1.5").holdsFor(List.of("1.5")));
        assertFalse(FieldCondition.parse("n>=1").holdsFor(List.of("many")));
        assertThrows(CommandSyntaxException.class, () -> FieldCondition.parse("n>=many"));
        assertThrows(CommandSyntaxException.class, () -> FieldCondition.parse("=value"));
        assertThrows(CommandSyntaxException.class, () -> FieldCondition.parse("novalue"));
    }
}
