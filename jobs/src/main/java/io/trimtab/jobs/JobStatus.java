package io.trimtab.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * A point-in-time view of one job.
 *
 * @param schedule     the schedule in effect, canonical text
 * @param paused       whether the schedule is paused
 * @param running      whether a run is under way
 * @param nextFireTime when the schedule fires next; {@code null} while paused
 * @param lastRunTime  when the last completed run started; {@code null} before the first
 * @param lastDuration how long the last completed run took; zero before the first
 * @param lastError    the error of the last failed run, kept after later successes; empty if none failed
 * @param runCount     completed runs, failed ones included
 * @param failureCount runs that threw
 * @param misfireCount fire times the scheduler missed by more than its misfire threshold
 */
public record JobStatus(String schedule, boolean paused, boolean running, Instant nextFireTime, Instant lastRunTime,
                        Duration lastDuration, String lastError, long runCount, long failureCount, long misfireCount) {
}
