package io.trimtab.mbeans.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class FingerprintsTest {

    @Test
    void literalsInListsValuesWhitespaceAndCaseAreFolded() {
        assertEquals("select * from users where email = ? and age > ?",
                Fingerprints.fold("SELECT *\n  FROM users WHERE email = 'a@b.c' AND age > 42;"));
        assertEquals("select * from t where id in (?)", Fingerprints.fold("select * from t where id in (1, 2, 3)"));
        assertEquals("select * from t where id in (?)", Fingerprints.fold("select * from t where id IN ( ?,? , ? )"));
        assertEquals("insert into t (a, b) values (?, ?)",
                Fingerprints.fold("INSERT INTO t (a,b) VALUES (1,'x'), (2,'it''s'), (3, -4.5e3)"));
        assertEquals("select col1 from t2 where x = ?", Fingerprints.fold("select col1 from t2 where x = X'00ff'"));
        assertEquals(Fingerprints.id(Fingerprints.fold("select 1")), Fingerprints.id(Fingerprints.fold("SELECT 2")));
        assertNotEquals(Fingerprints.id("select a from t"), Fingerprints.id("select b from t"));
    }
}
