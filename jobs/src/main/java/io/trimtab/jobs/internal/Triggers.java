package io.trimtab.jobs.internal;

import io.trimtab.jobs.JobSchedule;
import java.time.Duration;
import java.util.Date;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobKey;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * Turns a {@link JobSchedule} into a Quartz trigger with Trimtab's misfire policy: a fire time missed by
 * more than the misfire threshold runs the job once, now, and the schedule continues from there. For an
 * interval that is {@code RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT} (Quartz's default for a repeating
 * interval would skip the run), for cron {@code FIRE_ONCE_NOW}.
 */
public final class Triggers {

    private Triggers() {
    }

    public static Trigger of(TriggerKey key, JobKey job, JobSchedule schedule) {
        TriggerBuilder<Trigger> builder = TriggerBuilder.newTrigger().withIdentity(key).forJob(job);
        if (schedule.interval().isPresent()) {
            Duration interval = schedule.interval().get();
            return builder.startAt(new Date(System.currentTimeMillis() + interval.toMillis()))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withIntervalInMilliseconds(interval.toMillis())
                            .repeatForever()
                            .withMisfireHandlingInstructionNowWithExistingCount())
                    .build();
        }
        return builder.startNow()
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.cronExpression().orElseThrow())
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
