package io.trimtab.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Error messages keep what they say and lose the Java classes they name. */
class AnswerInternalsTest {

    @Test
    void anExceptionClassBecomesWords() {
        assertEquals("Instance not found: io.trimtab:type=Cache,name=users",
                AnswerInternals.withoutClassNames("javax.management.InstanceNotFoundException : io.trimtab:type=Cache,name=users"));
        assertEquals("Illegal argument: limit must be between 1 and 100 but was 0",
                AnswerInternals.withoutClassNames("java.lang.IllegalArgumentException: limit must be between 1 and 100 but was 0"));
        assertEquals("Stack overflow", AnswerInternals.withoutClassNames("java.lang.StackOverflowError"));
        assertEquals("No such attribute: Nope", AnswerInternals.withoutClassNames("No such attribute: Nope"));
        assertEquals("read java.lang:type=Memory", AnswerInternals.withoutClassNames("read java.lang:type=Memory"));
    }

    @Test
    void anErrorAnswerLosesItsTypeAndStackTrace() {
        String stripped = AnswerInternals.strip("{\"status\":500,\"error\":\"java.lang.IllegalStateException: boom\","
                + "\"error_type\":\"java.lang.IllegalStateException\",\"stacktrace\":\"at x\"}");
        assertEquals("{\"error\":\"Illegal state: boom\",\"status\":500}", stripped);
    }
}
