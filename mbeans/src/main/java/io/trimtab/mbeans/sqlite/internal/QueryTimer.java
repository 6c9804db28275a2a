package io.trimtab.mbeans.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/** Times a sampled SELECT end to end, every row read, and takes the median of a few runs. */
final class QueryTimer {

    private static final int RUNS = 5;
    private static final long BUDGET_NANOS = 2_000_000_000L;

    private QueryTimer() {
    }

    static long medianMicros(Connection c, QueryStatistics.Sample sample) throws SQLException {
        long[] runs = new long[RUNS];
        int done = 0;
        long deadline = System.nanoTime() + BUDGET_NANOS;
        while (done < RUNS && (done < 1 || System.nanoTime() < deadline)) {
            long started = System.nanoTime();
            try (PreparedStatement statement = c.prepareStatement(sample.sql())) {
                bind(statement, sample);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rs.getObject(1);
                    }
                }
            }
            runs[done++] = (System.nanoTime() - started) / 1_000;
        }
        long[] measured = Arrays.copyOf(runs, done);
        Arrays.sort(measured);
        return measured[done / 2];
    }

    static void bind(PreparedStatement statement, QueryStatistics.Sample sample) throws SQLException {
        Object[] parameters = sample.parameters();
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
