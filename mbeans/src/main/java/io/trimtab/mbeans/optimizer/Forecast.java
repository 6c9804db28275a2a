package io.trimtab.mbeans.optimizer;

/**
 * A least-squares trend of one signal over its window. Point-in-time.
 *
 * @param signal             the signal's name
 * @param unit               its unit
 * @param samples            samples the trend was fitted to
 * @param latest             the newest sample
 * @param slopePerMinute     change per minute of the fitted line
 * @param r2                 coefficient of determination, 0-1: how well a straight line explains the window
 * @param threshold          the threshold of the first rule watching this signal, or null when none does
 * @param secondsToThreshold when the fitted line reaches the threshold, or -1 when it is moving away or is flat
 * @param summary            e.g. "jvm.heap.usedAfterGcRatio reaches 0.85 in about 12 min, R² 0.93"
 */
public record Forecast(String signal, String unit, int samples, double latest, double slopePerMinute, double r2,
                       Double threshold, long secondsToThreshold, String summary) {
}
