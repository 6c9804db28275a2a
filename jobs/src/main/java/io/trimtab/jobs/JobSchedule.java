package io.trimtab.jobs;

import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.quartz.CronExpression;

/**
 * When a job fires: every fixed interval ({@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}) or
 * on a Quartz cron expression ({@code cron:0 0 3 * * ?}, or the bare expression), evaluated in the JVM's
 * default time zone. Immutable; two schedules are equal when their canonical text is.
 *
 * <p>An interval schedule fires first one interval after it takes effect. Intervals must lie between
 * {@link #MIN_INTERVAL} and {@link #MAX_INTERVAL}; a cron expression must fire at least once more.
 */
public final class JobSchedule {

    /** The shortest interval: shorter ones would keep a worker thread of the two busy all the time. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    /** The longest interval. */
    public static final Duration MAX_INTERVAL = Duration.ofDays(365);

    private static final String CRON_PREFIX = "cron:";
    private static final String EXAMPLES = "a cron expression such as 'cron:0 0 3 * * ?' or an interval such as 250ms,"
            + " 10s, 5m or 1h";

    private final Duration interval;
    private final String cron;

    private JobSchedule(Duration interval, String cron) {
        this.interval = interval;
        this.cron = cron;
    }

    /**
     * Parses {@code cron:<expression>}, a bare Quartz cron expression (it contains spaces) or an interval.
     *
     * @throws IllegalArgumentException naming the value and what is wrong with it
     */
    public static JobSchedule parse(String schedule) {
        if (schedule == null || schedule.isBlank()) {
            throw new IllegalArgumentException("schedule must be " + EXAMPLES + " but was '" + schedule + "'");
        }
        String text = schedule.trim();
        if (text.startsWith(CRON_PREFIX)) {
            return cron(text.substring(CRON_PREFIX.length()));
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            return cron(text);
        }
        if (!Character.isDigit(text.charAt(0))) {
            throw new IllegalArgumentException("schedule must be " + EXAMPLES + " but was '" + schedule + "'");
        }
        try {
            return new JobSchedule(Durations.parse(text, MIN_INTERVAL, MAX_INTERVAL), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule interval " + e.getMessage(), e);
        }
    }

    /**
     * Every {@code interval}.
     *
     * @throws IllegalArgumentException if it lies outside {@link #MIN_INTERVAL} .. {@link #MAX_INTERVAL}
     */
    public static JobSchedule every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("schedule interval must be between " + Durations.format(MIN_INTERVAL)
                    + " and " + Durations.format(MAX_INTERVAL) + " but was " + interval.toMillis() + "ms");
        }
        return new JobSchedule(interval, null);
    }

    /**
     * On a Quartz cron expression: seconds, minutes, hours, day of month, month, day of week, optional year.
     *
     * @throws IllegalArgumentException if the expression is malformed or never fires again
     */
    public static JobSchedule cron(String expression) {
        String text = expression == null ? "" : expression.trim().replaceAll("\\s+", " ");
        CronExpression parsed;
        try {
            parsed = new CronExpression(text);
        } catch (ParseException e) {
            throw new IllegalArgumentException("schedule '" + CRON_PREFIX + text + "' is not a valid Quartz cron expression"
                    + " (seconds minutes hours day-of-month month day-of-week [year], such as '0 0 3 * * ?'): "
                    + e.getMessage(), e);
        }
        if (parsed.getNextValidTimeAfter(new Date()) == null) {
            throw new IllegalArgumentException("schedule '" + CRON_PREFIX + text + "' never fires again");
        }
        return new JobSchedule(null, text);
    }

    /** The interval, for an interval schedule. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    /** The cron expression without the {@code cron:} prefix, for a cron schedule. */
    public Optional<String> cronExpression() {
        return Optional.ofNullable(cron);
    }

    /** The canonical text, which {@link #parse} reads back: {@code 5m} or {@code cron:0 0 3 * * ?}. */
    @Override
    public String toString() {
        return cron != null ? CRON_PREFIX + cron : Durations.format(interval);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobSchedule && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
