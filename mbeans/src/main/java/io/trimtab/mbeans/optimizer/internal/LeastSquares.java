package io.trimtab.mbeans.optimizer.internal;

import io.trimtab.mbeans.optimizer.SignalWindow;

/** A straight line fitted to (time, value) samples by least squares. */
record LeastSquares(int samples, double slopePerSecond, double fittedLatest, double r2, double spanSeconds) {

    /** How much the fitted line rises from the first sample to the latest. */
    double rise() {
        return slopePerSecond * spanSeconds;
    }

    /**
     * Fits the newest {@code n} samples of {@code window}. Times and values are read under the window's lock in
     * one go: a sample appended between the two reads would leave one more value than times.
     */
    static LeastSquares fitLast(SignalWindow window, int n) {
        synchronized (window) {
            return fit(window.lastTimes(n), window.lastValues(n));
        }
    }

    /** Fits {@code values} against {@code times} (epoch millis); needs at least 2 samples at 2 distinct times. */
    static LeastSquares fit(long[] times, double[] values) {
        int n = values.length;
        if (n < 2) {
            return new LeastSquares(n, 0, n == 0 ? Double.NaN : values[0], 0, 0);
        }
        long origin = times[0];
        double meanX = 0;
        double meanY = 0;
        for (int i = 0; i < n; i++) {
            meanX += (times[i] - origin) / 1000.0;
            meanY += values[i];
        }
        meanX /= n;
        meanY /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = (times[i] - origin) / 1000.0 - meanX;
            double dy = values[i] - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (sxx == 0) {
            return new LeastSquares(n, 0, meanY, 0, 0);
        }
        double slope = sxy / sxx;
        // A flat series has no trend to explain: R² 0 rather than undefined.
        double r2 = syy == 0 ? 0 : Math.min(1, (sxy * sxy) / (sxx * syy));
        double latestX = (times[n - 1] - origin) / 1000.0;
        return new LeastSquares(n, slope, meanY + slope * (latestX - meanX), r2, latestX);
    }

    /** Seconds until the fitted line reaches {@code threshold}, or -1 when it is flat or moving away. */
    long secondsTo(double threshold) {
        double distance = threshold - fittedLatest;
        if (slopePerSecond == 0 || Math.signum(distance) != Math.signum(slopePerSecond)) {
            return distance == 0 ? 0 : -1;
        }
        return Math.round(distance / slopePerSecond);
    }
}
