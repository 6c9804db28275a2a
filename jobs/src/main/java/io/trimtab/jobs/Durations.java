package io.trimtab.jobs;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way Trimtab writes a duration in its configuration and schedules: a whole number and a unit,
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, such as {@code 250ms}, {@code 10s}, {@code 5m},
 * {@code 1h}.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses {@code text} and checks it lies between {@code min} and {@code max}, both included.
     *
     * @throws IllegalArgumentException saying what is wrong, with the value and the limits; callers put the
     *                                  name of what they parse in front
     */
    public static Duration parse(String text, Duration min, Duration max) {
        Matcher matcher = text == null ? null : DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("must be a whole number followed by ms, s, m, h or d (such as 250ms,"
                    + " 10s, 5m or 1h) but was '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration;
        switch (matcher.group(2)) {
            case "ms":
                duration = Duration.ofMillis(amount);
                break;
            case "s":
                duration = Duration.ofSeconds(amount);
                break;
            case "m":
                duration = Duration.ofMinutes(amount);
                break;
            case "h":
                duration = Duration.ofHours(amount);
                break;
            default:
                duration = Duration.ofDays(amount);
                break;
        }
        if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
            throw new IllegalArgumentException("must be between " + format(min) + " and " + format(max)
                    + " but was " + text.trim());
        }
        return duration;
    }

    /** The shortest text for {@code duration} in the largest unit that holds it whole: 60s becomes {@code 1m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0ms";
        }
        long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] units = {"d", "h", "m", "s"};
        for (int i = 0; i < sizes.length; i++) {
            if (millis % sizes[i] == 0) {
                return millis / sizes[i] + units[i];
            }
        }
        return millis + "ms";
    }
}
