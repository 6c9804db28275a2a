package io.trimtab.mbeans.sqlite;

/**
 * What one WAL checkpoint did, as {@code PRAGMA wal_checkpoint(mode)} answered it.
 *
 * @param mode               PASSIVE, FULL, RESTART or TRUNCATE
 * @param completed          whether every frame in the log was checkpointed (SQLite's busy flag was 0)
 * @param logFrames          frames in the WAL when the checkpoint ran, -1 if the database is not in WAL mode
 * @param checkpointedFrames frames copied back into the database file, -1 if not in WAL mode
 * @param walSizeBytes       size of the WAL file afterwards
 * @param attempts           how many tries it took (busy answers are retried with backoff)
 * @param durationMillis     time taken, retries included
 * @param at                 when it finished, ISO-8601 UTC
 */
public record CheckpointResult(String mode, boolean completed, int logFrames, int checkpointedFrames,
                               long walSizeBytes, int attempts, long durationMillis, String at) {
}
