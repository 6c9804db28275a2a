package io.trimtab.mbeans.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectNamesTest {

    @Test
    void buildsTypeThenName() {
        assertEquals("io.trimtab:type=Cache,name=users", ObjectNames.of("io.trimtab", "Cache", "users").toString());
        assertEquals("users.v2_eu-1", ObjectNames.requireLegalName("cache", "users.v2_eu-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a,b", "a=b", "a:b", "*", "a?", "\"q\"", "-lead", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void refusesNamesThatWouldNeedQuoting(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ObjectNames.requireLegalName("cache", name));
        assertTrue(e.getMessage().startsWith("cache name '" + name + "' is not a legal ObjectName value"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "io.", "io:trimtab", "io trimtab", "*"})
    void refusesIllegalDomains(String domain) {
        assertThrows(IllegalArgumentException.class, () -> ObjectNames.requireLegalDomain(domain));
    }
}
