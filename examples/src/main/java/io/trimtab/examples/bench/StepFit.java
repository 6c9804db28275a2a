package io.trimtab.examples.bench;

import java.util.List;

/**
 * An interrupted time series, for contrast with the optimizer's verdicts: a line and a step at the change, fitted
 * together by least squares to the samples before and after it, so that the samples after the change inform the
 * slope too. A change is credited when the step is above 0 at 95 % (two-sided) and at least the minimum effect.
 */
final class StepFit {

    private StepFit() {
    }

    /**
     * @param samples   oldest first, one sampling interval apart
     * @param changedAt index of the first sample after the change
     * @param minEffect the smallest step credited
     */
    static boolean improved(List<Double> samples, int changedAt, double minEffect) {
        int n = samples.size();
        if (changedAt < 2 || n - changedAt < 2 || n < 6) {
            return false;
        }
        double[][] xtx = new double[3][3];
        double[] xty = new double[3];
        for (int i = 0; i < n; i++) {
            double[] x = {1, i, i >= changedAt ? 1 : 0};
            for (int r = 0; r < 3; r++) {
                xty[r] += x[r] * samples.get(i);
                for (int c = 0; c < 3; c++) {
                    xtx[r][c] += x[r] * x[c];
                }
            }
        }
        double[][] inverse = invert(xtx);
        double[] beta = new double[3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                beta[r] += inverse[r][c] * xty[c];
            }
        }
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double residual = samples.get(i) - beta[0] - beta[1] * i - (i >= changedAt ? beta[2] : 0);
            sse += residual * residual;
        }
        double se = Math.sqrt(sse / (n - 3) * inverse[2][2]);
        return beta[2] - tCritical(n - 3) * se > 0 && beta[2] >= minEffect;
    }

    /** Student's t at 0.975, rounded to the safe side between the tabulated degrees of freedom. */
    private static double tCritical(int df) {
        return df >= 40 ? 2.021 : df >= 30 ? 2.042 : df >= 20 ? 2.086 : df >= 10 ? 2.228 : df >= 5 ? 2.571 : 12.706;
    }

    /** The inverse of a 3 x 3 matrix, by cofactors. */
    private static double[][] invert(double[][] m) {
        double[][] adjugate = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                int r1 = (r + 1) % 3;
                int r2 = (r + 2) % 3;
                int c1 = (c + 1) % 3;
                int c2 = (c + 2) % 3;
                adjugate[c][r] = m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1];
            }
        }
        double determinant = m[0][0] * adjugate[0][0] + m[0][1] * adjugate[1][0] + m[0][2] * adjugate[2][0];
        for (double[] row : adjugate) {
            for (int c = 0; c < 3; c++) {
                row[c] /= determinant;
            }
        }
        return adjugate;
    }
}
