package io.trimtab.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The resources' text is made once for what it is made of, and a view says what the next poll will ask for. */
class MadeOnceTest {

    private final AtomicInteger made = new AtomicInteger();
    private final Function<MadeOnce.Inputs, Object> make = inputs -> List.of("made", made.incrementAndGet());

    private static MadeOnce.Inputs inputs(long since, long newest, long appended, double knobValue) {
        return new MadeOnce.Inputs(since, newest > since, newest, 1, appended, List.of("users"), List.of(), List.of(),
                List.of(), List.of(new MadeOnce.KnobState("cache.users.maxEntries", knobValue, 10, 1_000, false)), Map.of());
    }

    private static String text(JsonText.Raw raw) {
        return new String(raw.utf8(), StandardCharsets.UTF_8);
    }

    @Test
    void aTextIsMadeAgainOnlyWhenWhatItIsMadeOfChanged() {
        MadeOnce once = new MadeOnce();
        JsonText.Raw first = once.view(inputs(100, 200, 5, 100), 0, make);
        assertEquals("[\"made\",1]", text(first));
        assertSame(first, once.view(inputs(100, 200, 5, 100), 10, make), "the same samples, knobs, rules: the same text");
        assertEquals("[\"made\",2]", text(once.view(inputs(100, 300, 6, 100), 20, make)), "a new sample");
        assertEquals("[\"made\",3]", text(once.view(inputs(100, 300, 6, 250), 30, make)), "a knob moved");
        assertEquals("[\"made\",4]", text(once.view(inputs(0, 300, 6, 250), 40, make)), "whole windows");
        assertEquals("[\"made\",3]", text(once.view(inputs(100, 300, 6, 250), 50, make)),
                "whole windows and the newest since each keep their text");
        assertEquals(4, made.get());
    }

    @Test
    void aViewIsWatchedForAMinuteAndTellsTheSinceOfTheNextPoll() {
        MadeOnce once = new MadeOnce();
        assertFalse(once.watched(0), "never viewed");
        once.view(inputs(0, 5_000, 3, 100), 1_000, make);
        assertEquals(5_000, once.nextSince());
        assertTrue(once.watched(1_000 + MadeOnce.WATCHED_MILLIS));
        assertFalse(once.watched(1_001 + MadeOnce.WATCHED_MILLIS));

        MadeOnce.Inputs next = inputs(once.nextSince(), 6_000, 4, 100);
        JsonText.Raw ahead = once.text(next, make); // as the sampler makes it after a sample
        assertSame(ahead, once.view(next, 2_000, make), "the poll gets the text made ahead of it");
        assertEquals(6_000, once.nextSince());
    }
}
