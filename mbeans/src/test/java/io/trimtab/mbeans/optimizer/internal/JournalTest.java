package io.trimtab.mbeans.optimizer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trimtab.mbeans.optimizer.JournalEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path dir;

    @Test
    void retentionDropsOldEntriesAndKeepsTheNewestByCount() throws Exception {
        try (Journal journal = new Journal(dir.resolve("j.db"), 5, 7 * DAY)) {
            for (int day = 0; day < 10; day++) {
                journal.append(day * DAY, "alert", "r", "x.y.z", null, null, "x.y.z=" + day, "WARNING");
            }
            // days 0-2 are older than 7 days, and of the 7 left only the newest 5 stay
            assertEquals(5, journal.prune(10 * DAY));
            assertEquals(List.of("x.y.z=5", "x.y.z=6", "x.y.z=7", "x.y.z=8", "x.y.z=9"),
                    journal.latest(100).stream().map(JournalEntry::signals).toList());
            assertEquals(0, journal.prune(10 * DAY));
        }
    }

    @Test
    void entriesKeepTheirValuesAndNulls() throws Exception {
        try (Journal journal = new Journal(dir.resolve("j.db"), 100, DAY)) {
            JournalEntry written = journal.append(1_000, "applied", "grow", "res.a.size", 10.0, 20.0, "res.a.load=5", "ok");
            journal.append(2_000, "alert", "watch", "x.y.z", null, null, "", "WARNING: x");
            List<JournalEntry> read = journal.latest(2);
            assertEquals(written, read.get(0));
            assertEquals("1970-01-01T00:00:01Z", read.get(0).time());
            assertNull(read.get(1).before());
            assertEquals(1, journal.latest(1).size());
            assertEquals("watch", journal.latest(1).get(0).rule());
        }
    }

    @Test
    void entriesOfOneTransactionAreReadableAtOnceAndCommittedEvenWhenTheWorkThrows() throws Exception {
        Path file = dir.resolve("j.db");
        try (Journal journal = new Journal(file, 100, DAY)) {
            int seen = journal.inOneTransaction(() -> {
                journal.append(1_000, "applied", "grow", "res.a.size", 10.0, 20.0, "", "ok");
                journal.append(1_000, "applied", "grow", "res.b.size", 10.0, 20.0, "", "ok");
                return journal.latest(10).size();
            });
            assertEquals(2, seen);
            assertThrows(IllegalStateException.class, () -> journal.inOneTransaction(() -> {
                journal.append(2_000, "failed", "grow", "res.c.size", null, null, "", "boom");
                throw new IllegalStateException("the cycle failed");
            }));
        }
        try (Journal reopened = new Journal(file, 100, DAY)) {
            assertEquals(List.of("res.a.size", "res.b.size", "res.c.size"),
                    reopened.latest(10).stream().map(JournalEntry::target).toList());
        }
    }
}
